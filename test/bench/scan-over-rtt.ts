/**
 * The crane's scan over a link with a round trip: the crane simulator behind the link lab's proxy (fixed delay, no
 * loss) at 5, 20, 40 and 80 ms. For each round trip, what the engine's scan achieves (cycles per scan class against
 * those planned, scan requests/s, the age of the fast class's values) without control and with control held (its
 * heartbeat then shares the control lane), against raw modbus-serial reading through the same proxy with one request
 * in flight (the link's ceiling under the one-request-in-flight rule) and with 8 in flight (what Modbus TCP's
 * transaction ids allow). Shows where the scan outgrows the link, and what else takes it: the link monitor's probes
 * and the heartbeat go on the control lane, ahead of the scan. Prints a table; writes
 * test/.artifacts/bench/scan-over-rtt.json. Run: npx tsx test/bench/scan-over-rtt.ts [--rtts 5,20,40,80] [--seconds 5]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type ModbusRTU from 'modbus-serial';
import { startLinkProxy, type LinkProfile, type LinkProxy } from '../../main/sim/link-lab';
import { closeMaster, connectMaster, pollUntil } from '../integration/sim/sim-clients';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../support/crane-console';
import { percentile } from './telemetry/frame-recorder';

const { values: args } = parseArgs({ options: { rtts: { type: 'string', default: '5,20,40,80' }, seconds: { type: 'string', default: '5' } } });
const RTTS = (args.rtts ?? '').split(',').map(Number);
const SECONDS = Number(args.seconds);
const PIPELINED = 8;
const EQUIPMENT = 'sts-crane-1';
const CONNECTION = 'crane-plc';
const OUT = fileURLToPath(new URL('../.artifacts/bench/scan-over-rtt.json', import.meta.url));

type ClassFigures = Record<string, { periodMs: number; requestsPerCycle: number; cycles: number; skippedCycles: number }>;

/** One measured point. */
export interface ScanRttRow {
  rttMs: number;
  /** Scan requests per second the plan asks for (every class's requests per cycle at its period). */
  demandPerSec: number;
  engineNoControl: EngineFigures;
  engineControlHeld: EngineFigures;
  rawOneInFlightPerSec: number;
  rawPipelinedPerSec: number;
}

interface EngineFigures {
  scanRequestsPerSec: number;
  /** The link monitor's probes per second (control lane, ahead of the scan). */
  probesPerSec: number;
  /** Cycles done over cycles planned, per class. */
  cyclesDone: Record<string, number>;
  fastAgeP50Ms: number;
  fastAgeP99Ms: number;
}

function fixedRtt(rttMs: number): LinkProfile {
  const dir = { delayMs: rttMs / 2, jitterMs: 0, bandwidthBps: 0 };
  return { name: `rtt-${rttMs}`, description: `fixed ${rttMs} ms`, params: { up: dir, down: { ...dir }, lossRate: 0, stallMs: 200, closeDelayMs: 0 } };
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const scanOf = (c: Console): ClassFigures => structuredClone(c.engine.supervisors.get(CONNECTION)?.status.scan ?? {}) as ClassFigures;
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The engine's scan over SECONDS: requests/s, share of planned cycles done, the fast class's worst age every 100 ms. */
async function measureEngine(c: Console, fastSignals: number[]): Promise<EngineFigures> {
  const before = scanOf(c);
  const probesBefore = c.engine.link.monitor(CONNECTION)?.counters.probes ?? 0;
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
  return { scanRequestsPerSec: Math.round(requests / seconds), probesPerSec: Math.round(probes / seconds), cyclesDone, fastAgeP50Ms: Math.round(percentile(worst, 50, 0)), fastAgeP99Ms: Math.round(percentile(worst, 99, 0)) };
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

export async function runScanOverRtt(): Promise<ScanRttRow[]> {
  const stops: (() => Promise<void> | void)[] = [];
  try {
    const crane = await startCrane();
    stops.push(() => crane.stop());
    const proxy: LinkProxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: fixedRtt(RTTS[0] ?? 5), seed: 3 });
    stops.push(() => proxy.close());
    // Motion stays allowed up to 200 ms (the German remote-driving limit), so 80 ms is a link an operator may use.
    const site = await craneSite(proxy.port, (s) => {
      for (const e of s.equipment as { link?: Record<string, number> }[]) e.link = { ...e.link, rttUnsafeMs: 200 };
    });
    const fastTags = new Set(Object.entries(site.equipment[0]?.tags ?? {}).filter(([, tag]) => tag.scanClass === 'fast').map(([name]) => name));
    const c = await startConsole(site, 312, 'operator', 'console-scan-rtt');
    stops.push(() => c.stop());
    await waitConnected(c);
    const fastSignals = c.engine.signals.filter((s) => s.equipmentId === EQUIPMENT && fastTags.has(s.tag)).map((s) => s.id);
    const master = await connectMaster('tcp', proxy.port);
    stops.push(() => closeMaster(master));
    master.setTimeout(2000);
    const rows: ScanRttRow[] = [];
    for (const rttMs of RTTS) {
      proxy.setProfile(fixedRtt(rttMs));
      // The link monitor's round trip settles on the new delay before anything is measured.
      await pollUntil(async () => c.engine.link.linkOf(CONNECTION, EQUIPMENT).rttMs ?? 0, (v) => Math.abs(v - rttMs) < Math.max(4, rttMs * 0.1), 30_000, 100);
      const plan = scanOf(c);
      const demandPerSec = Math.round(Object.values(plan).reduce((sum, k) => sum + (k.requestsPerCycle * 1000) / k.periodMs, 0));
      const engineNoControl = await measureEngine(c, fastSignals);
      const taken = await c.client.request('control.take', { equipmentId: EQUIPMENT, takeOver: true });
      if (taken.outcome.status !== 'ok') throw new Error(`control.take at ${rttMs} ms: ${JSON.stringify(taken.outcome)}`);
      const engineControlHeld = await measureEngine(c, fastSignals);
      const released = await c.client.request('control.release', { equipmentId: EQUIPMENT });
      if (released.outcome.status !== 'ok') throw new Error(`control.release at ${rttMs} ms: ${JSON.stringify(released.outcome)}`);
      // The raw master shares the device and the proxy with the engine's scan, as a second master on the link would.
      const rawOneInFlightPerSec = await measureRaw(master, 1);
      const rawPipelinedPerSec = await measureRaw(master, PIPELINED);
      rows.push({ rttMs, demandPerSec, engineNoControl, engineControlHeld, rawOneInFlightPerSec, rawPipelinedPerSec });
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
      'RTT ms': r.rttMs,
      'scan demand req/s': r.demandPerSec,
      'engine req/s': r.engineNoControl.scanRequestsPerSec,
      'probes/s': r.engineNoControl.probesPerSec,
      'cycles fast/normal/slow': Object.values(r.engineNoControl.cyclesDone).join(' / '),
      'fast age p99 ms': r.engineNoControl.fastAgeP99Ms,
      'control held: req/s': r.engineControlHeld.scanRequestsPerSec,
      'control held: probes/s': r.engineControlHeld.probesPerSec,
      'control held: cycles': Object.values(r.engineControlHeld.cyclesDone).join(' / '),
      'control held: fast age p99 ms': r.engineControlHeld.fastAgeP99Ms,
      'raw, 1 in flight req/s': r.rawOneInFlightPerSec,
      [`raw, ${PIPELINED} in flight req/s`]: r.rawPipelinedPerSec,
    })),
  );
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, pipelined: PIPELINED, rows }, null, 2));
  console.log(`wrote ${OUT}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runScanOverRtt();
