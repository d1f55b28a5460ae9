/**
 * The engine's scan flat out against a raw modbus-serial loop issuing the same requests, on the crane simulator (in
 * its own process, answering in ~0.05 ms, so the device does not set the pace). The demo crane site with every scan
 * class at 1 ms: each class starts its next cycle as soon as the one before ends (a tick that finds it running is
 * skipped), so the link is never idle. The raw loop reads the engine's own plan, request by request, in the same
 * process, while no engine runs. Per path: requests answered per second, and the process's CPU per request (the
 * engine's includes everything a scanned value costs it: decode, store, telemetry to one client, history, alarms).
 * Interleaved rounds; each engine window follows a warm-up of its own.
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

/** Requests the engine's scan had answered so far, over every scan class. */
function answered(driver: ModbusDriver): number {
  let total = 0;
  for (const stats of driver.scanner.stats.values()) total += stats.answered;
  return total;
}

/** One engine window: a console on the flat-out site, warmed up; its answered requests and CPU over `windowMs`. */
async function engineWindow(port: number, warmupMs: number, windowMs: number): Promise<{ requests: number; cpuUs: number; seconds: number; plan: readonly PlannedRead[] }> {
  const site = await craneSite(port, (s) => {
    s.scanClasses = { fast: { periodMs: 1 }, normal: { periodMs: 1 }, slow: { periodMs: 1 } };
  });
  const engineConsole = await startConsole(site, 45, false, 'bench-scan');
  try {
    await waitConnected(engineConsole);
    const driver = engineConsole.engine.supervisors.get('crane-plc')?.activeDriver;
    if (!(driver instanceof ModbusDriver)) throw new Error('the crane connection has no live Modbus driver');
    await sleep(warmupMs);
    const [requests0, cpu0, t0] = [answered(driver), cpuNow(), performance.now()];
    await sleep(windowMs);
    const [requests1, cpu1, t1] = [answered(driver), cpuNow(), performance.now()];
    return { requests: requests1 - requests0, cpuUs: cpu1 - cpu0, seconds: (t1 - t0) / 1000, plan: driver.scanner.currentPlan };
  } finally {
    await engineConsole.stop();
  }
}

/** The plan's requests one after another, round and round, for `windowMs`: raw modbus-serial calls. */
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
    if (engine.plan.length === 0) throw new Error('the engine planned no scan reads');
    await rawWindow(master, engine.plan, 200); // warm-up
    const raw = await rawWindow(master, engine.plan, windowMs);
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
  return [row('raw modbus-serial loop, the same requests', totals.raw), row('engine scan, every class at 1 ms', totals.engine)];
}
