/**
 * The crane's scan over a slow link: the crane simulator behind the link lab's proxy at a fixed 5, 20, 40 and 80 ms
 * round trip (no loss), and on the 5g-congested profile (40 ms, jitter, 0.5 % stalls). For each link, what the
 * engine's scan achieves (cycles done per scan class against those planned, scan requests/s, the age of the fast
 * class's values, the round trip's p95 and the link quality) without control and with control held (its heartbeat
 * then shares the control lane), with the default one request in flight and with the site's `maxInFlight: 8`;
 * against raw modbus-serial through the same proxy with one request in flight (the link's ceiling one at a time) and
 * with 8. Shows where the scan outgrows the link, what else takes it (the heartbeat, and the link monitor's probes
 * that find no exchange to ride on, go on the control lane, ahead of the scan), and what pipelining costs on a lossy link (a stalled packet holds every
 * request behind it in the TCP stream). Prints a table; writes test/.artifacts/bench/scan-over-rtt.json.
 * Run: npx tsx test/bench/scan-over-rtt.ts [--rtts 5,20,40,80,5g-congested] [--seconds 5]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type ModbusRTU from 'modbus-serial';
import type { ModbusDriver } from '../../main/engine/drivers/modbus';
import { fixedRttProfile, startLinkProxy, type LinkProxy } from '../../main/sim/link-lab';
import { closeMaster, connectMaster, pollUntil } from '../integration/sim/sim-clients';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../support/crane-console';
import { percentile } from './telemetry/frame-recorder';

const { values: args } = parseArgs({ options: { rtts: { type: 'string', default: '5,20,40,80,5g-congested' }, seconds: { type: 'string', default: '5' } } });
/** Fixed round trips (ms), or link-lab profile names (`5g-congested`: 40 ms with jitter and 0.5 % stalls). */
const RTTS = (args.rtts ?? '').split(',').map((v) => (Number.isFinite(Number(v)) ? Number(v) : v));
const SECONDS = Number(args.seconds);
const PIPELINED = 8;
const EQUIPMENT = 'sts-crane-1';
const CONNECTION = 'crane-plc';
const OUT = fileURLToPath(new URL('../.artifacts/bench/scan-over-rtt.json', import.meta.url));

type ClassFigures = Record<string, { periodMs: number; requestsPerCycle: number; cycles: number; skippedCycles: number; answered: number }>;

/** One measured point. */
export interface ScanRttRow {
  /** A fixed round trip, or the link-lab profile's name. */
  link: string;
  /** Scan requests per second the plan asks for (every class's requests per cycle at its period). */
  demandPerSec: number;
  engineNoControl: EngineFigures;
  engineControlHeld: EngineFigures;
  /** The same link with the site's `maxInFlight: PIPELINED` (three of its scan reads a round trip, then one other). */
  pipelinedNoControl: EngineFigures;
  pipelinedControlHeld: EngineFigures;
  rawOneInFlightPerSec: number;
  rawPipelinedPerSec: number;
}

interface EngineFigures {
  scanRequestsPerSec: number;
  /** The link monitor's probes per second, and those of them sent as a request of their own (control lane, ahead of
   * the scan; the others rode on an exchange already queued). */
  probesPerSec: number;
  ownProbesPerSec: number;
  /** The round trip's p95 over the last 5 s (what the quality and the jog limit are judged on), and the quality. */
  rttP95Ms: number;
  quality: string;
  /** Cycles done over cycles planned, per class. */
  cyclesDone: Record<string, number>;
  fastAgeP50Ms: number;
  fastAgeP99Ms: number;
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const driverOf = (c: Console) => c.engine.supervisors.get(CONNECTION)?.activeDriver as ModbusDriver | undefined;
const scanOf = (c: Console): ClassFigures => structuredClone(c.engine.supervisors.get(CONNECTION)?.status.scan ?? {}) as ClassFigures;
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The engine's scan over SECONDS: requests/s, share of planned cycles done, the fast class's worst age every 100 ms. */
async function measureEngine(c: Console, fastSignals: number[]): Promise<EngineFigures> {
  const before = scanOf(c);
  const probesBefore = c.engine.link.monitor(CONNECTION)?.counters.probes ?? 0;
  const ownBefore = driverOf(c)?.stats().probesSent ?? 0;
  const started = performance.now();
  const worst: number[] = [];
  while (performance.now() - started < SECONDS * 1000) {
    await tick(100);
    const now = Date.now();
    let oldest = 0;
    for (const id of fastSignals) oldest = Math.max(oldest, now - (c.engine.store.get(id)?.confirmTime ?? now));
    worst.push(oldest);
  }
  const seconds = (performance.now() - started) / 1000;
  const after = scanOf(c);
  let requests = 0;
  const cyclesDone: Record<string, number> = {};
  for (const [name, figures] of Object.entries(after)) {
    const done = figures.cycles - (before[name]?.cycles ?? 0);
    requests += done * figures.requestsPerCycle;
    cyclesDone[name] = round(done / ((seconds * 1000) / figures.periodMs));
  }
  const probes = (c.engine.link.monitor(CONNECTION)?.counters.probes ?? 0) - probesBefore;
  const own = (driverOf(c)?.stats().probesSent ?? 0) - ownBefore;
  const window = c.engine.link.monitor(CONNECTION)?.stats([5_000])[0];
  const rttP95Ms = Math.round(window?.p95 ?? Number.NaN);
  const quality = c.engine.link.linkOf(CONNECTION, EQUIPMENT).quality;
  return { scanRequestsPerSec: Math.round(requests / seconds), probesPerSec: Math.round(probes / seconds), ownProbesPerSec: round(own / seconds, 1), rttP95Ms, quality, cyclesDone, fastAgeP50Ms: Math.round(percentile(worst, 50, 0)), fastAgeP99Ms: Math.round(percentile(worst, 99, 0)) };
}

/** Raw reads of 10 holding registers for SECONDS with `inFlight` requests outstanding at once; reads/s. */
async function measureRaw(master: ModbusRTU, inFlight: number): Promise<number> {
  const until = performance.now() + SECONDS * 1000;
  let reads = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await master.readHoldingRegisters(0, 10);
      reads++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return Math.round(reads / ((performance.now() - started) / 1000));
}

/** One console on the link: its scan without control, then with control held; the console is stopped after. */
async function measureConsole(c: Console, link: number | string, fastSignalsOf: (c: Console) => number[]): Promise<{ demandPerSec: number; noControl: EngineFigures; controlHeld: EngineFigures }> {
  try {
    // The link monitor's median round trip settles on the delay before anything is measured (40 ms: the profile's).
    const rttMs = typeof link === 'number' ? link : 40;
    await pollUntil(async () => c.engine.link.monitor(CONNECTION)?.stats([5_000])[0]?.p50 ?? 0, (v) => Math.abs(v - rttMs) < Math.max(4, rttMs * 0.1), 30_000, 100);
    const plan = scanOf(c);
    const demandPerSec = Math.round(Object.values(plan).reduce((sum, k) => sum + (k.requestsPerCycle * 1000) / k.periodMs, 0));
    const fastSignals = fastSignalsOf(c);
    const noControl = await measureEngine(c, fastSignals);
    const taken = await c.client.request('control.take', { equipmentId: EQUIPMENT, takeOver: true });
    if (taken.outcome.status !== 'ok') throw new Error(`control.take on ${link}: ${JSON.stringify(taken.outcome)}`);
    const controlHeld = await measureEngine(c, fastSignals);
    const released = await c.client.request('control.release', { equipmentId: EQUIPMENT });
    if (released.outcome.status !== 'ok') throw new Error(`control.release on ${link}: ${JSON.stringify(released.outcome)}`);
    return { demandPerSec, noControl, controlHeld };
  } finally {
    await c.stop();
  }
}

export async function runScanOverRtt(): Promise<ScanRttRow[]> {
  const stops: (() => Promise<void> | void)[] = [];
  try {
    const crane = await startCrane();
    stops.push(() => crane.stop());
    const profileOf = (link: number | string) => (typeof link === 'number' ? fixedRttProfile(link) : link);
    const proxy: LinkProxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: profileOf(RTTS[0] ?? 5), seed: 3 });
    stops.push(() => proxy.close());
    // Motion stays allowed up to 200 ms (the German remote-driving limit), so 80 ms is a link an operator may use.
    const siteWith = (maxInFlight: number) =>
      craneSite(proxy.port, (s) => {
        for (const conn of s.connections as Record<string, unknown>[]) conn.maxInFlight = maxInFlight;
        for (const e of s.equipment as { link?: Record<string, number> }[]) e.link = { ...e.link, rttUnsafeMs: 200 };
      });
    const site = await siteWith(1);
    const fastTags = new Set(Object.entries(site.equipment[0]?.tags ?? {}).filter(([, tag]) => tag.scanClass === 'fast').map(([name]) => name));
    // One console at a time on the link, so neither takes round trips from the other.
    const open = async (maxInFlight: number, consoleId: number) => {
      const c = await startConsole(await siteWith(maxInFlight), consoleId, 'operator', `console-scan-rtt-${maxInFlight}`);
      await waitConnected(c);
      return c;
    };
    const fastSignalsOf = (c: Console) => c.engine.signals.filter((s) => s.equipmentId === EQUIPMENT && fastTags.has(s.tag)).map((s) => s.id);
    const master = await connectMaster('tcp', proxy.port);
    stops.push(() => closeMaster(master));
    master.setTimeout(2000);
    const rows: ScanRttRow[] = [];
    for (const link of RTTS) {
      proxy.setProfile(profileOf(link));
      const single = await measureConsole(await open(1, 312), link, fastSignalsOf);
      const pipelined = await measureConsole(await open(PIPELINED, 313), link, fastSignalsOf);
      // The raw master alone on the link, through the same proxy to the same device.
      const rawOneInFlightPerSec = await measureRaw(master, 1);
      const rawPipelinedPerSec = await measureRaw(master, PIPELINED);
      rows.push({ link: typeof link === 'number' ? `${link} ms` : link, demandPerSec: single.demandPerSec, engineNoControl: single.noControl, engineControlHeld: single.controlHeld, pipelinedNoControl: pipelined.noControl, pipelinedControlHeld: pipelined.controlHeld, rawOneInFlightPerSec, rawPipelinedPerSec });
    }
    report(rows);
    return rows;
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

function report(rows: ScanRttRow[]): void {
  console.log(`\nThe crane's scan through the link lab's proxy (fixed round trip, no loss; ${SECONDS} s a point); cycles done / planned per class`);
  console.table(
    rows.map((r) => ({
      link: r.link,
      'scan demand req/s': r.demandPerSec,
      'engine req/s': r.engineNoControl.scanRequestsPerSec,
      'probes/s (own requests)': `${r.engineNoControl.probesPerSec} (${r.engineNoControl.ownProbesPerSec})`,
      'cycles fast/normal/slow': Object.values(r.engineNoControl.cyclesDone).join(' / '),
      'fast age p99 ms': r.engineNoControl.fastAgeP99Ms,
      'control held: req/s': r.engineControlHeld.scanRequestsPerSec,
      'control held: probes/s (own requests)': `${r.engineControlHeld.probesPerSec} (${r.engineControlHeld.ownProbesPerSec})`,
      'control held: cycles': Object.values(r.engineControlHeld.cyclesDone).join(' / '),
      'control held: fast age p99 ms': r.engineControlHeld.fastAgeP99Ms,
      'control held: RTT p95 ms, quality': `${r.engineControlHeld.rttP95Ms} ${r.engineControlHeld.quality}`,
      [`${PIPELINED} in flight: req/s`]: r.pipelinedNoControl.scanRequestsPerSec,
      [`${PIPELINED} in flight: cycles`]: Object.values(r.pipelinedNoControl.cyclesDone).join(' / '),
      [`${PIPELINED} in flight, control held: req/s`]: r.pipelinedControlHeld.scanRequestsPerSec,
      [`${PIPELINED} in flight, control held: fast age p99 ms`]: r.pipelinedControlHeld.fastAgeP99Ms,
      [`${PIPELINED} in flight, control held: RTT p95 ms, quality`]: `${r.pipelinedControlHeld.rttP95Ms} ${r.pipelinedControlHeld.quality}`,
      'raw, 1 in flight req/s': r.rawOneInFlightPerSec,
      [`raw, ${PIPELINED} in flight req/s`]: r.rawPipelinedPerSec,
    })),
  );
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, pipelined: PIPELINED, rows }, null, 2));
  console.log(`wrote ${OUT}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runScanOverRtt();
