/**
 * The engine's scan flat out against a raw modbus-serial loop issuing the same requests, on the crane simulator (in
 * its own process, answering in ~0.05 ms, so the device does not set the pace). The demo crane site with every scan
 * class at 1 ms: every cycle overruns its period, so each class starts its next cycle the moment the one before ends
 * (before that change, at the first timer tick after: the link was then busy 89–90 % of the window), and the three
 * classes' cycles overlap. The raw loop issues the engine's own plan's requests, each class's as often as
 * the engine's window ran it, in the same process while no engine runs. Per path: requests answered per second, and
 * the process's CPU per request (the engine's includes everything a scanned value costs it: decode, store, telemetry
 * to one client, history, alarms, and its timers and link probes). Interleaved rounds; each engine window follows a
 * warm-up of its own.
 */
import type ModbusRTU from 'modbus-serial';
import { ModbusDriver } from '../../main/engine/drivers/modbus';
import type { PlannedRead } from '../../main/engine/drivers/modbus/planner';
import { craneSite, startConsole, waitConnected } from '../support/crane-console';

/** One path's figures. */
export interface ScanRow {
  path: string;
  requestsPerSec: number;
  cpuUsPerRequest: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuNow = () => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

/** Requests the engine's scan had answered so far, per scan class. */
function answeredByClass(driver: ModbusDriver): Map<string, number> {
  return new Map([...driver.scanner.stats].map(([name, stats]) => [name, stats.answered]));
}

const sum = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/**
 * The plan's requests with each class's repeated as often, relative to the others, as the engine's window ran its
 * cycles (a class of few requests cycles more often when every class is flat out): the same mix of request sizes.
 */
function scheduleLike(plan: readonly PlannedRead[], before: Map<string, number>, after: Map<string, number>): PlannedRead[] {
  const cycles = new Map<string, number>();
  for (const [name, count] of after) {
    const reads = plan.filter((r) => r.scanClass === name).length;
    if (reads > 0) cycles.set(name, (count - (before.get(name) ?? 0)) / reads);
  }
  const fewest = Math.max(1e-9, Math.min(...[...cycles.values()].filter((c) => c > 0)));
  return [...cycles].flatMap(([name, c]) => Array.from({ length: Math.max(1, Math.round((c / fewest) * 4)) }, () => plan.filter((r) => r.scanClass === name)).flat());
}

/** One engine window: a console on the flat-out site, warmed up; its answered requests and CPU over `windowMs`. */
async function engineWindow(port: number, warmupMs: number, windowMs: number): Promise<{ requests: number; cpuUs: number; seconds: number; schedule: PlannedRead[] }> {
  const site = await craneSite(port, (s) => {
    s.scanClasses = { fast: { periodMs: 1 }, normal: { periodMs: 1 }, slow: { periodMs: 1 } };
  });
  const engineConsole = await startConsole(site, 45, false, 'bench-scan');
  try {
    await waitConnected(engineConsole);
    const driver = engineConsole.engine.supervisors.get('crane-plc')?.activeDriver;
    if (!(driver instanceof ModbusDriver)) throw new Error('the crane connection has no live Modbus driver');
    await sleep(warmupMs);
    const [answered0, cpu0, t0] = [answeredByClass(driver), cpuNow(), performance.now()];
    await sleep(windowMs);
    const [answered1, cpu1, t1] = [answeredByClass(driver), cpuNow(), performance.now()];
    return { requests: sum(answered1) - sum(answered0), cpuUs: cpu1 - cpu0, seconds: (t1 - t0) / 1000, schedule: scheduleLike(driver.scanner.currentPlan, answered0, answered1) };
  } finally {
    await engineConsole.stop();
  }
}

/** The schedule's requests one after another, round and round, for `windowMs`: raw modbus-serial calls. */
async function rawWindow(master: ModbusRTU, plan: readonly PlannedRead[], windowMs: number): Promise<{ requests: number; cpuUs: number; seconds: number }> {
  const read = (r: PlannedRead) => {
    master.setID(r.unitId);
    if (r.table === 'holding') return master.readHoldingRegisters(r.start, r.count);
    if (r.table === 'input') return master.readInputRegisters(r.start, r.count);
    if (r.table === 'coil') return master.readCoils(r.start, r.count);
    return master.readDiscreteInputs(r.start, r.count);
  };
  const [cpu0, t0] = [cpuNow(), performance.now()];
  let requests = 0;
  for (let k = 0; performance.now() - t0 < windowMs; k++, requests++) await read(plan[k % plan.length] as PlannedRead);
  return { requests, cpuUs: cpuNow() - cpu0, seconds: (performance.now() - t0) / 1000 };
}

/** Runs `rounds` interleaved rounds (engine, then raw) and returns both rows, totals over the rounds. */
export async function measureScanFlatOut(port: number, master: ModbusRTU, rounds: number, windowMs = 2000): Promise<ScanRow[]> {
  const totals = { engine: { requests: 0, cpuUs: 0, seconds: 0 }, raw: { requests: 0, cpuUs: 0, seconds: 0 } };
  for (let round = 0; round < rounds; round++) {
    const engine = await engineWindow(port, 1000, windowMs);
    if (engine.schedule.length === 0) throw new Error('the engine planned no scan reads');
    await rawWindow(master, engine.schedule, 200); // warm-up
    const raw = await rawWindow(master, engine.schedule, windowMs);
    for (const [side, m] of [['engine', engine], ['raw', raw]] as const) {
      totals[side].requests += m.requests;
      totals[side].cpuUs += m.cpuUs;
      totals[side].seconds += m.seconds;
    }
  }
  const row = (path: string, m: { requests: number; cpuUs: number; seconds: number }): ScanRow => ({
    path,
    requestsPerSec: Math.round(m.requests / m.seconds),
    cpuUsPerRequest: Math.round((m.cpuUs / Math.max(1, m.requests)) * 10) / 10,
  });
  return [row('raw modbus-serial loop, the same requests in the same mix', totals.raw), row('engine scan, every class at 1 ms', totals.engine)];
}
