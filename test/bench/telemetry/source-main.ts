/**
 * One side of the telemetry benchmark in its own process, so its CPU, RSS and event-loop delay are its own:
 * `project` = the real Engine (real site schema, the fake driver's context emitting every signal at 10 Hz);
 * `bare` = the bare ws baseline; `bare-history` = the same, also keeping every change with raw node:sqlite.
 * Prints `ready URL` (or `ready memory`: the client then runs in this process over the in-memory carrier). IPC: 'start' → generate; 'mark' → open the measured window; 'stats' → stop generating, reply with figures.
 * History is settled at both ends of the window: every buffered change stored, then (the engine's store) every pending
 * flush repacked into chunks. CPU is reported both before that repack and after it: the store left to itself repacks
 * every 16–60 s into longer chunks, so the first leaves the window's share of a repack out, and the second charges it
 * as if chunks were as short as the window (4 s: 40 samples of a 10 Hz signal); the steady cost lies between.
 * Usage: node --import tsx source-main.ts --mode project|project-nohistory|project-history1s|bare|bare-history --carrier ws|memory --rate UPDATES_PER_S
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as perfConstants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { DriverContext, Sample } from '../../../main/engine/drivers/driver';
import { Engine } from '../../../main/engine/engine';
import { tuneEngineHeap } from '../../../main/engine/heap-tuning';
import { startServeServer } from '../../../main/serve/serve-server';
import { createInMemoryCarrierPair } from '../../../shared/contract/carriers/carrier';
import { ContractClient } from '../../../shared/contract/client';
import { Quality } from '../../../shared/contract/telemetry';
import { FakeDriverControl } from '../../support/fake-driver';
import { smallSite } from '../../support/sites';
import { startBareServer } from './bare-server';
import { FrameRecorder } from './frame-recorder';
import { BlobHistory } from './blob-history';

const { values: args } = parseArgs({ options: { mode: { type: 'string' }, carrier: { type: 'string', default: 'ws' }, rate: { type: 'string' } } });
const TICK_MS = 100;
/**
 * Full collections, counted so each row says how many fell in its window. The first collects what start-up left (a
 * cost paid once): at 300k/s it tends to fall inside the window (history off: a 76 ms collection), at the other rates
 * in the warm-up. Waiting for it before the window cost up to 3 s a side and still missed it at 100k/s; forcing one
 * shrank V8's heap limits and slowed the heaviest rates. So the bench does neither, and says where it fell.
 */
let fullCollections = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
    if (entry.detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) fullCollections++;
  }
});
gcObserver.observe({ entryTypes: ['gc'] });
let fullCollectionsAtMark = 0;
const count = Math.max(1, Math.round(Number(args.rate) / (1000 / TICK_MS)));
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const dir = mkdtempSync(join(tmpdir(), 'rec-bench-telemetry-'));
const recorder = new FrameRecorder();
let generated = 0;
let counting = false;
let update: (tick: number, now: number) => void;
let close: () => Promise<void>;
/** History counters (the project sides and bare-history): changes stored, and dropped because the buffer was full. */
let historyCounts = (): { written: number; dropped: number } => ({ written: 0, dropped: 0 });
let historyAtMark = historyCounts();
/** Stores everything history has buffered (a no-op without history). */
let settle = async (): Promise<void> => undefined;
/** Then repacks what the store holds pending into its final form (the engine's store only). */
let repack = async (): Promise<void> => undefined;

if (args.mode === 'bare' || args.mode === 'bare-history') {
  const history = args.mode === 'bare-history' ? new BlobHistory(join(dir, 'history.db'), count * (1000 / TICK_MS)) : undefined;
  if (history) {
    historyCounts = () => ({ written: history.written, dropped: history.dropped });
    settle = () => history.settle();
  }
  const bare = await startBareServer(count, 60, history);
  update = (tick, now) => bare.update((i) => tick + i * 1e-3, now);
  close = () => bare.close();
  process.stdout.write(`ready ${bare.url}\n`);
} else {
  tuneEngineHeap(); // The V8 setting of the app's engine processes (startEngine applies it there).
  const control = new FakeDriverControl();
  const site = smallSite(count, 'opcua');
  // A historian's usual setting: each tag keeps at most one sample a second (the latest), set in the site file.
  if (args.mode === 'project-history1s') for (const tag of Object.values(site.equipment[0]?.tags ?? {})) tag.history = { minIntervalMs: 1000 };
  const engine = new Engine({ site, siteFile: 'bench.yaml', dataDir: dir, factories: control.table(), log: silent, ...(args.mode === 'project-nohistory' ? { history: { maxBuffered: 0 } } : {}) }).start();
  while (!control.current) await new Promise((r) => setTimeout(r, 10));
  historyCounts = () => ({ written: engine.history.written, dropped: engine.history.dropped });
  settle = () => engine.history.flush();
  repack = () => engine.history.store.settle();
  const ctx = control.current as DriverContext;
  // One reused batch: the driver's own allocation is not what is measured here.
  const samples: Sample[] = ctx.bindings.map((b) => ({ signalId: b.signalId, value: 0, quality: Quality.good, sourceTime: 0 }));
  update = (tick, now) => {
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i] as Sample;
      sample.value = tick + i * 1e-3;
      sample.sourceTime = now;
    }
    ctx.emit(samples);
  };
  if (args.carrier === 'memory') {
    const [engineSide, clientSide] = createInMemoryCarrierPair();
    engine.attach(engineSide, 'bench');
    const client = new ContractClient(clientSide);
    client.onTelemetry((frame, ack) => {
      recorder.record(frame);
      ack();
    });
    await client.request('telemetry.subscribe', {});
    close = () => engine.stop();
    process.stdout.write('ready memory\n');
  } else {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>bench</title>');
    const server = await startServeServer({ engine, rendererDir: dir });
    close = () => server.close().then(() => engine.stop());
    process.stdout.write(`ready ws://127.0.0.1:${server.port}/engine?token=${server.token}\n`);
  }
}

const loop = monitorEventLoopDelay({ resolution: 5 });
let cpuAtMark = process.cpuUsage();
// The event loop's own thread (Node 23.9+): the rest of the process CPU is the history thread and libuv's pool.
const threadCpu = (): NodeJS.CpuUsage => (process as unknown as { threadCpuUsage(): NodeJS.CpuUsage }).threadCpuUsage();
let threadAtMark = threadCpu();
let markedAt = 0;
let tick = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function generate(): void {
  timer = setInterval(() => {
    update(++tick, Date.now());
    if (counting) generated += count;
  }, TICK_MS);
}

process.on('message', async (message: { type: string }) => {
  if (message.type === 'start') {
    generate();
  } else if (message.type === 'mark') {
    // Paused while history settles, so the window starts with nothing buffered and counts every change it stores.
    clearInterval(timer);
    await settle();
    await repack();
    generate();
    loop.enable();
    loop.reset();
    cpuAtMark = process.cpuUsage();
    threadAtMark = threadCpu();
    markedAt = performance.now();
    historyAtMark = historyCounts();
    generated = 0;
    fullCollectionsAtMark = fullCollections;
    counting = true;
    recorder.recording = true;
  } else if (message.type === 'stats') {
    clearInterval(timer);
    counting = false;
    const seconds = (performance.now() - markedAt) / 1000;
    const loopP99Ms = loop.percentile(99) / 1e6;
    const rssMb = Math.round(process.memoryUsage().rss / 1e6);
    const delivery = args.carrier === 'memory' && args.mode !== 'bare' ? recorder.take() : undefined;
    await settle();
    const beforeRepack = process.cpuUsage(cpuAtMark);
    await repack();
    const cpu = process.cpuUsage(cpuAtMark);
    const thread = threadCpu();
    process.send?.({
      cpuBeforeRepackMs: (beforeRepack.user + beforeRepack.system) / 1000,
      loopThreadCpuMs: (thread.user - threadAtMark.user + thread.system - threadAtMark.system) / 1000,
      seconds,
      generated,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMb,
      historyStored: historyCounts().written - historyAtMark.written,
      historyDropped: historyCounts().dropped - historyAtMark.dropped,
      loopP99Ms,
      delivery,
      fullCollectionsInWindow: fullCollections - fullCollectionsAtMark,
    });
  } else if (message.type === 'stop') {
    stop();
  }
});
// A bench killed without warning closes this fork's IPC channel: stop too, rather than generate on for nobody.
process.on('disconnect', stop);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  void close().finally(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
}
