/**
 * Telemetry pipeline: the real Engine (fake driver at 10 Hz → SignalStore → TelemetryPump → carrier → client that
 * acknowledges each frame) over WebSocket and in-memory, against a bare `ws` + typed-arrays server doing the same
 * coalesce-and-ack work, side by side in one run, 1k → 1M updates/s. Each side runs in its own process, so CPU,
 * RSS and event-loop delay are its own (in-memory: the client's decoding is included). Prints a table and writes
 * test/.artifacts/bench/telemetry-pipeline.json. Profile with BENCH_CPU_PROF=DIR (adds --cpu-prof to the sides).
 * Run: npx tsx test/bench/telemetry-pipeline.ts [--rates 1000,100000] [--seconds 4]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { connectWebSocketCarrier } from '../../shared/contract/carriers/websocket-client';
import { ContractClient } from '../../shared/contract/client';
import { decodeTelemetry } from '../../shared/contract/telemetry';
import { FrameRecorder, percentile, type Delivery } from './telemetry/frame-recorder';

const { values: args } = parseArgs({ options: { rates: { type: 'string', default: '1000,10000,100000,300000,1000000,2000000' }, seconds: { type: 'string', default: '4' } } });
const RATES = (args.rates ?? '').split(',').map(Number);
const SECONDS = Number(args.seconds);
const WARMUP_MS = 1500;
const OUT = fileURLToPath(new URL('../.artifacts/bench/telemetry-pipeline.json', import.meta.url));
const SOURCE = fileURLToPath(new URL('./telemetry/source-main.ts', import.meta.url));
/** The baseline doing the same work as the engine with history on: it also keeps every change, with raw node:sqlite. */
export const BARE_HISTORY = 'bare ws + typed arrays + raw SQLite history';
const PATHS = [
  { label: 'bare ws + typed arrays', mode: 'bare', carrier: 'ws' },
  { label: BARE_HISTORY, mode: 'bare-history', carrier: 'ws' },
  // The engine records every change into SQLite history by default: compared with the bare baseline (telemetry
  // only) and with the bare baseline that also keeps every change (the same work).
  { label: 'project, WebSocket', mode: 'project', carrier: 'ws', sameWork: BARE_HISTORY },
  { label: 'project, in-memory', mode: 'project', carrier: 'memory', sameWork: BARE_HISTORY },
  // History off: the telemetry path alone, the same work as the bare baseline.
  { label: 'project, WebSocket, history off', mode: 'project-nohistory', carrier: 'ws' },
  // Every tag set to `history: { minIntervalMs: 1000 }`: history keeps the latest value of each second per tag.
  { label: 'project, WebSocket, history 1/s per tag', mode: 'project-history1s', carrier: 'ws' },
] as const;
type Path = (typeof PATHS)[number];

/** One measured point. */
export interface PipelineRow {
  path: string;
  rate: number;
  deliveredPerSec: number;
  ageP50Ms: number;
  ageP99Ms: number;
  cpuPct: number;
  cpuUsPerUpdate: number;
  /** The same without repacking the window's changes into chunks at its end (see source-main.ts). */
  cpuUsPerUpdateBeforeRepack: number;
  /** The event loop's thread alone (no history thread). */
  loopThreadUsPerUpdate: number;
  rssMb: number;
  loopP99Ms: number;
  dropped: number;
  /** Changes history stored, and dropped because its buffer was full, per second (project sides and bare-history). */
  historyStoredPerSec: number;
  historyDroppedPerSec: number;
  /** Full collections in the window (the first, of start-up's garbage, falls in it at some rates: source-main.ts). */
  fullGcs: number;
}

interface SideStats {
  seconds: number;
  generated: number;
  cpuMs: number;
  cpuBeforeRepackMs: number;
  loopThreadCpuMs: number;
  rssMb: number;
  loopP99Ms: number;
  historyStored: number;
  historyDropped: number;
  delivery?: Delivery;
  fullCollectionsInWindow: number;
}

function startSide(mode: string, carrier: string, rate: number): Promise<{ child: ChildProcess; ready: string }> {
  const prof = process.env.BENCH_CPU_PROF;
  const execArgv = ['--import', 'tsx', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`, `--cpu-prof-name=${mode}-${carrier}-${rate}.cpuprofile`] : [])];
  const child = fork(SOURCE, ['--mode', mode, '--carrier', carrier, '--rate', String(rate)], { execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /ready (\S+)\n/.exec(out);
      if (line) resolve({ child, ready: line[1] as string });
    });
    child.once('exit', (code) => reject(new Error(`${mode}/${carrier} side exited (${code}) before it was ready`)));
  });
}

function ask(child: ChildProcess, type: string): Promise<SideStats> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`a benchmark side exited (${code}) instead of answering "${type}"`));
    child.once('exit', exited);
    child.once('message', (m) => {
      child.off('exit', exited);
      resolve(m as SideStats);
    });
    child.send({ type });
  });
}

/** Connects the measuring client for a WebSocket side; returns how to close it. */
async function connectClient(mode: string, url: string, recorder: FrameRecorder): Promise<() => void> {
  if (mode.startsWith('bare')) {
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.on('message', (data: ArrayBuffer) => {
      const frame = decodeTelemetry(data);
      if ('error' in frame) throw new Error(frame.error);
      recorder.record(frame);
      socket.send(String(frame.seq));
    });
    await new Promise((resolve) => socket.once('open', resolve));
    return () => socket.close();
  }
  const carrier = await connectWebSocketCarrier(url);
  const client = new ContractClient(carrier);
  client.onTelemetry((frame, ack) => {
    recorder.record(frame);
    ack();
  });
  await client.request('telemetry.subscribe', {});
  return () => carrier.close();
}

async function measure(path: Path, rate: number): Promise<PipelineRow> {
  const { child, ready } = await startSide(path.mode, path.carrier, rate);
  const recorder = new FrameRecorder();
  const closeClient = ready === 'memory' ? () => undefined : await connectClient(path.mode, ready, recorder);
  child.send({ type: 'start' });
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  child.send({ type: 'mark' }); // the side settles history, then opens its window (measured by the side itself)
  recorder.recording = true;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const stats = await ask(child, 'stats');
  const delivery = stats.delivery ?? recorder.take();
  closeClient();
  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
  const cpuMs = stats.cpuMs;
  return {
    path: path.label,
    rate,
    deliveredPerSec: Math.round(delivery.delivered / stats.seconds),
    ageP50Ms: percentile(delivery.ages, 50),
    ageP99Ms: percentile(delivery.ages, 99),
    cpuPct: Math.round((cpuMs / (stats.seconds * 1000)) * 100),
    // Three significant digits: at 1M/s an update costs ~0.05 µs, where two decimals alone would move a ratio by 20 %.
    cpuUsPerUpdate: Number(((cpuMs * 1000) / Math.max(1, stats.generated)).toPrecision(3)),
    cpuUsPerUpdateBeforeRepack: Number(((stats.cpuBeforeRepackMs * 1000) / Math.max(1, stats.generated)).toPrecision(3)),
    loopThreadUsPerUpdate: Number(((stats.loopThreadCpuMs * 1000) / Math.max(1, stats.generated)).toPrecision(3)),
    rssMb: stats.rssMb,
    loopP99Ms: Math.round(stats.loopP99Ms * 10) / 10,
    dropped: delivery.dropped,
    historyStoredPerSec: Math.round(stats.historyStored / stats.seconds),
    historyDroppedPerSec: Math.round(stats.historyDropped / stats.seconds),
    fullGcs: stats.fullCollectionsInWindow,
  };
}

/** Highest rate a path sustains: delivered ≥ 90 % of the rate at p99 age < 100 ms. */
export function sustained(rows: readonly PipelineRow[], path: string): number {
  return Math.max(0, ...rows.filter((r) => r.path === path && r.deliveredPerSec >= 0.9 * r.rate && r.ageP99Ms < 100).map((r) => r.rate));
}

/** The bare sides measured a second time at a rate, after the project's sides. */
const again = (label: string) => `${label} (again, after)`;
const BASELINES: readonly Path[] = [PATHS[0], PATHS[1]];

/**
 * Runs every path at every rate and reports. At each rate the bare side runs first and again last, and the CPU
 * ratios divide by the mean of the two: the machine is shared, and a baseline taken once, minutes before or after a
 * project side, moved a ratio by up to 2x between runs. Their spread is reported as the noise of that rate.
 */
export async function runTelemetryPipeline(): Promise<{ rows: PipelineRow[]; summary: Record<string, unknown> }> {
  const rows: PipelineRow[] = [];
  for (const rate of RATES) {
    for (const path of PATHS) rows.push(await measure(path, rate));
    for (const path of [...BASELINES].reverse()) rows.push({ ...(await measure(path, rate)), path: again(path.label) });
  }
  console.log(`\nTelemetry pipeline (${SECONDS} s per point, 10 Hz source, client acks every frame)`);
  console.table(rows);
  const baseline = (label: string, rate: number) => {
    const runs = rows.filter((r) => r.rate === rate && (r.path === label || r.path === again(label))).map((r) => r.cpuUsPerUpdate);
    return { mean: runs.reduce((a, b) => a + b, 0) / runs.length, spread: Math.round((Math.max(...runs) / Math.min(...runs)) * 100) / 100 };
  };
  const ratiosTo = (label: string, base: string, cpu: (row: PipelineRow) => number = (row) => row.cpuUsPerUpdate) =>
    Object.fromEntries(
      RATES.map((rate) => {
        const mine = rows.find((r) => r.path === label && r.rate === rate);
        return [rate, mine ? Math.round((cpu(mine) / baseline(base, rate).mean) * 100) / 100 : Number.NaN];
      }),
    );
  const summary: Record<string, unknown> = {};
  for (const path of PATHS) {
    summary[path.label] = {
      sustainedUpdatesPerSec: sustained(rows, path.label),
      cpuPerUpdateVsBare: ratiosTo(path.label, PATHS[0].label),
      ...('sameWork' in path ? { cpuPerUpdateVsSameWork: ratiosTo(path.label, path.sameWork), cpuPerUpdateVsSameWorkBeforeRepack: ratiosTo(path.label, path.sameWork, (row) => row.cpuUsPerUpdateBeforeRepack) } : {}),
    };
  }
  // Slower of the two runs of each baseline over the faster, per rate: how far the machine moved while this rate was measured.
  summary.bareSpread = Object.fromEntries(RATES.map((r) => [r, baseline(PATHS[0].label, r).spread]));
  summary.bareHistorySpread = Object.fromEntries(RATES.map((r) => [r, baseline(BARE_HISTORY, r).spread]));
  const perRate = (values: Record<number, number>) => Object.fromEntries(RATES.map((r) => [`${r / 1000}k`, values[r]]));
  type Summary = { sustainedUpdatesPerSec: number; cpuPerUpdateVsBare: Record<number, number>; cpuPerUpdateVsSameWork?: Record<number, number>; cpuPerUpdateVsSameWorkBeforeRepack?: Record<number, number> };
  console.log('CPU per update × bare (mean of its two runs), and sustained updates/s:');
  console.table({
    ...Object.fromEntries(PATHS.map((p) => [p.label, { ...perRate((summary[p.label] as Summary).cpuPerUpdateVsBare), sustained: (summary[p.label] as Summary).sustainedUpdatesPerSec }])),
    'noise: bare slower run / faster run': perRate(summary.bareSpread as Record<number, number>),
  });
  // Both store at most 500k changes a second (the recorder's buffer). Each side settles its history at both ends of
  // the window (source-main.ts); the engine's rows are given with the window's changes repacked into chunks as short
  // as the window (an upper bound) and without that repack (a lower bound). Stored/s is printed so the two can be checked.
  const storedPerSec = (label: string) => Object.fromEntries(RATES.map((r) => [`${r / 1000}k`, rows.find((row) => row.path === label && row.rate === r)?.historyStoredPerSec]));
  console.log(`History on: CPU per update × the baseline doing the same work (${BARE_HISTORY}, mean of its two runs), and changes stored per second:`);
  console.table({
    ...Object.fromEntries(PATHS.filter((p) => 'sameWork' in p).map((p) => [p.label, perRate((summary[p.label] as Summary).cpuPerUpdateVsSameWork ?? {})])),
    ...Object.fromEntries(PATHS.filter((p) => 'sameWork' in p).map((p) => [`${p.label}, before the repack`, perRate((summary[p.label] as Summary).cpuPerUpdateVsSameWorkBeforeRepack ?? {})])),
    'noise: its slower run / faster run': perRate(summary.bareHistorySpread as Record<number, number>),
    ...Object.fromEntries([BARE_HISTORY, PATHS[2].label].map((label) => [`stored/s: ${label}`, storedPerSec(label)])),
  });
  mkdirSync(new URL('.', `file://${OUT}`).pathname, { recursive: true });
  writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, rows, summary }, null, 2));
  console.log(`wrote ${OUT}`);
  return { rows, summary };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runTelemetryPipeline();
