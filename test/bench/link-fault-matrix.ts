/**
 * Link fault matrix: the crane simulator behind the link lab (5g-good), a console holding control and jogging the
 * hoist, then one fault per row (link-fault-rows.ts). Per row: time until the engine calls the link unsafe/lost,
 * time until motion stopped at the device and until its watchdog tripped, jog holds attempted/refused during the
 * fault, jog blocks the device accepted after restore (replays, must be 0), value·ticks shown good while no answers
 * arrived after detection (must be 0), control still held after restore (must be no: re-arm explicitly), recovery.
 * Prints a table; writes JSON to test/.artifacts/bench/link-fault-matrix.json.
 * Run: npx tsx test/bench/link-fault-matrix.ts   (BENCH_LONG=1 adds the 30 s outage)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type ModbusRTU from 'modbus-serial';
import { startLinkProxy } from '../../main/sim/link-lab';
import { craneSimulator } from '../../main/sim/crane/crane-sim';
import type { RunningSimulator } from '../../main/sim/simulator';
import { ControlMap } from '../../main/sim/modbus-server/plc/control-map';
import { Quality } from '../../shared/contract/telemetry';
import { craneSite, startConsole, waitConnected } from '../support/crane-console';
import { closeMaster, connectMaster, pollUntil, readInputFloat } from '../integration/sim/sim-clients';
import { faultRows, type FaultRow } from './link-fault-rows';

const OUT = fileURLToPath(new URL('../.artifacts/bench/link-fault-matrix.json', import.meta.url));
const EQ = 'sts-crane-1';
const CONN = 'crane-plc';
const HOIST_SPEED_INPUT = 20;
const JOG_ACCEPTED_INPUT = 40;

/** One row's figures (ms from injection; null: did not happen). */
interface RowResult {
  fault: string;
  engineStateChangeMs: number | null;
  engineState: string;
  motionStoppedMs: number | null;
  watchdogTrippedMs: number | null;
  holdsAttempted: number;
  holdsRefused: number;
  replayedAfterRestore: number;
  motionAfterRestore: boolean;
  goodWhileStale: number | null;
  controlKeptAfterRestore: boolean;
  /** Until motion would be allowed again (good or degraded). */
  recoveredMs: number | null;
  /** Until the quality is good again (the figures of the fault leave the 10 s window, plus hysteresis). */
  goodMs: number | null;
  healthyAfter: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A direct master on the simulator that survives the simulator's restart (errors read as undefined). */
function deviceProbe(port: number) {
  let master: ModbusRTU | undefined;
  const ensure = async () => (master ??= await connectMaster('tcp', port).catch(() => undefined));
  const guard = async <T>(read: (m: ModbusRTU) => Promise<T>) => {
    const m = await ensure();
    if (!m) return undefined;
    return read(m).catch(() => {
      master = undefined;
      void closeMaster(m); // its callback never comes when the simulator already dropped the socket
      return undefined;
    });
  };
  return {
    speed: () => guard((m) => readInputFloat(m, HOIST_SPEED_INPUT)),
    watchdog: () => guard(async (m) => (await m.readDiscreteInputs(ControlMap.discrete.watchdogFault, 1)).data[0] === true),
    accepted: () => guard(async (m) => (await m.readInputRegisters(JOG_ACCEPTED_INPUT, 1)).data[0] ?? 0),
    close: async () => {
      if (master) await Promise.race([closeMaster(master), sleep(500)]);
    },
  };
}

async function runRow(row: FaultRow, index: number): Promise<RowResult> {
  let sim: RunningSimulator = await craneSimulator.start({ host: '127.0.0.1', port: 0, dataDir: '' });
  const simPort = Number(new URL(sim.url).port);
  const device = deviceProbe(simPort);
  const proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: simPort, profile: '5g-good', seed: 21 });
  const c = await startConsole(await craneSite(proxy.port), 400 + index, 'operator', `bench-${index}`);
  const target = {
    proxy,
    stopDevice: () => sim.close(),
    startDevice: async () => void (sim = await craneSimulator.start({ host: '127.0.0.1', port: simPort, dataDir: '' })),
  };
  try {
    await waitConnected(c);
    const take = await c.client.request('control.take', { equipmentId: EQ, takeOver: true });
    if (take.outcome.status !== 'ok') throw new Error(`control.take: ${JSON.stringify(take.outcome)}`);
    const holds = { running: true, window: false, attempted: 0, refused: 0, seq: 0 };
    const holdLoop = (async () => {
      while (holds.running) {
        const reply = await c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.4, seq: ++holds.seq }).catch(() => undefined);
        if (holds.window) {
          holds.attempted++;
          if (reply?.outcome.status !== 'ok') holds.refused++;
        }
        await sleep(50);
      }
    })();
    await pollUntil(async () => (await device.speed()) ?? 0, (v) => v > 0.1, 10_000);

    const t0 = Date.now();
    holds.window = true;
    let detectAt: number | undefined;
    let detectedAs = 'none';
    let restoreAt: number | undefined = undefined; // set once the fault is lifted (read by the samplers meanwhile)
    let goodWhileStale = 0;
    let sampling = true;
    const signals = c.engine.signals.filter((s) => s.equipmentId === EQ).map((s) => s.id);
    const engineSampler = (async () => {
      while (sampling) {
        const { quality } = c.engine.link.linkOf(CONN, EQ);
        if (detectAt === undefined && (quality === 'lost' || quality === 'unsafe')) [detectAt, detectedAs] = [Date.now(), quality];
        if (row.noAnswers && detectAt !== undefined && restoreAt === undefined) {
          for (const id of signals) if (c.engine.store.get(id)?.quality === Quality.good) goodWhileStale++;
        }
        await sleep(5);
      }
    })();
    let stopAt: number | undefined;
    let watchdogAt: number | undefined;
    let motionAfterRestore = false;
    const deviceSampler = (async () => {
      while (sampling) {
        const speed = await device.speed();
        if (speed !== undefined && Math.abs(speed) < 0.01 && stopAt === undefined) stopAt = Date.now();
        // Moving again after the device had stopped and the link was restored: something drove it without a new hold.
        if (speed !== undefined && Math.abs(speed) > 0.01 && restoreAt !== undefined && stopAt !== undefined && Date.now() > Math.max(restoreAt, stopAt)) motionAfterRestore = true;
        if (watchdogAt === undefined && (await device.watchdog())) watchdogAt = Date.now();
        await sleep(20);
      }
    })();

    await row.inject(target);
    while (Date.now() - t0 < row.holdMs) await sleep(20);
    restoreAt = Date.now();
    holds.window = false;
    holds.running = false;
    await row.restore(target);
    await holdLoop;
    const acceptedAtRestore = (await pollUntil(device.accepted, (v) => v !== undefined, 10_000)) ?? 0;
    const usable = await pollUntil(async () => c.engine.link.linkOf(CONN, EQ).quality, (q) => q === 'good' || q === 'degraded', 30_000, 20);
    const recoveredMs = usable === 'good' || usable === 'degraded' ? Date.now() - restoreAt : null;
    const good = await pollUntil(async () => c.engine.link.linkOf(CONN, EQ).quality, (q) => q === 'good', 30_000, 20);
    const goodMs = good === 'good' ? Date.now() - restoreAt : null;
    await sleep(1500); // anything queued during the fault would reach the device now
    const acceptedAfter = (await device.accepted()) ?? acceptedAtRestore;
    sampling = false;
    await Promise.all([engineSampler, deviceSampler]);
    const control = (await c.client.request('control.list', {})).equipment.find((s) => s.equipmentId === EQ);
    const stats = await c.client.request('link.stats', { connectionId: CONN }).catch(() => undefined);
    const status = c.engine.connectionStatuses()[0]?.state;
    const since = (t: number | undefined) => (t === undefined ? null : t - t0);
    return {
      fault: row.name,
      engineStateChangeMs: since(detectAt),
      engineState: detectedAs,
      motionStoppedMs: since(stopAt),
      watchdogTrippedMs: since(watchdogAt),
      holdsAttempted: holds.attempted,
      holdsRefused: holds.refused,
      replayedAfterRestore: acceptedAfter - acceptedAtRestore,
      motionAfterRestore,
      goodWhileStale: row.noAnswers ? goodWhileStale : null,
      controlKeptAfterRestore: control?.holder?.mine ?? false,
      recoveredMs,
      goodMs,
      healthyAfter: stats !== undefined && status === 'connected' && good === 'good',
    };
  } finally {
    await c.stop();
    await proxy.close();
    await device.close();
    await sim.close().catch(() => undefined);
  }
}

function table(rows: RowResult[]): string {
  const cols: [string, (r: RowResult) => string][] = [
    ['fault', (r) => r.fault],
    ['engine change ms', (r) => (r.engineStateChangeMs === null ? '—' : `${r.engineStateChangeMs} (${r.engineState})`)],
    ['motion stopped ms', (r) => String(r.motionStoppedMs ?? '—')],
    ['watchdog ms', (r) => String(r.watchdogTrippedMs ?? '—')],
    ['holds tried/refused', (r) => `${r.holdsAttempted}/${r.holdsRefused}`],
    ['replayed', (r) => `${r.replayedAfterRestore}${r.motionAfterRestore ? ' (moved!)' : ''}`],
    ['good while stale', (r) => (r.goodWhileStale === null ? 'n/a' : String(r.goodWhileStale))],
    ['control kept', (r) => (r.controlKeptAfterRestore ? 'yes' : 'no')],
    ['usable again ms', (r) => String(r.recoveredMs ?? '—')],
    ['good again ms', (r) => String(r.goodMs ?? '—')],
    ['healthy', (r) => (r.healthyAfter ? 'yes' : 'NO')],
  ];
  const cells = [cols.map(([h]) => h), ...rows.map((r) => cols.map(([, f]) => f(r)))];
  const widths = cols.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells.map((row) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`).join('\n');
}

const rows: RowResult[] = [];
const only = process.env.BENCH_ROWS?.split(',').map((s) => s.trim());
for (const [i, row] of faultRows(process.env.BENCH_LONG === '1').entries()) {
  if (only && !only.some((o) => row.name.startsWith(o))) continue;
  process.stdout.write(`${row.name} … `);
  const result = await runRow(row, i);
  rows.push(result);
  process.stdout.write(`done\n`);
}
console.log(table(rows));
mkdirSync(fileURLToPath(new URL('../.artifacts/bench/', import.meta.url)), { recursive: true });
writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), profile: '5g-good', rows }, null, 2));
console.log(`written ${OUT}`);
