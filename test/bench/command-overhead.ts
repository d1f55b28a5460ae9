/**
 * Command overhead on the crane simulator: `command.execute setWindLimit` (gate → audit attempt written → device
 * write, while the attempt is made durable → read-back → audit outcome, durable → reply) against a raw modbus-serial
 * write, and a bare durable append (written, then fdatasync'd, as the audit log does) in the engine's own data folder
 * as the disk's floor, interleaved in one run. The bench watches the audit records and the driver's device exchanges
 * (wrapping their prototypes, measuring only), so it can split each command into disk, device and the engine's own
 * time. Paced below the gate's 10 commands/s per session, so no command is refused.
 */
import { join } from 'node:path';
import type ModbusRTU from 'modbus-serial';
import { AuditLog } from '../../main/engine/audit';
import { openForAppend } from '../../main/engine/audit/files';
import { ModbusDriver } from '../../main/engine/drivers/modbus';
import type { ContractClient } from '../../shared/contract/client';
import { percentile } from './telemetry/frame-recorder';

/** One command's split (ms). */
interface Split {
  total: number;
  toDeviceAck: number;
  /** The device write's own exchange (request out to reply in, as a raw write would take). */
  writeExchange: number;
  /** When that exchange started (performance.now). */
  writeExchangeAt: number;
  /** The device write's wait in the link queue for the exchange in flight (a scan read, the heartbeat): one at most. */
  queueWait: number;
  /** The attempt record: staged → written (with the OS), what the device write waits for. */
  attemptWritten: number;
  /** The attempt record: staged → durable (its sync runs alongside the device write). */
  attemptDurable: number;
  /** From staging the outcome record until it and the attempt are durable: what the reply waits for. */
  outcomeWait: number;
  /** When the attempt record became durable (performance.now). */
  attemptDurableAt: number;
  deviceWait: number;
}

/** What the figures table shows per path. */
export interface OverheadRow {
  path: string;
  p50Ms: number;
  p99Ms: number;
}

/** windLimit's holding register on the crane simulator. */
const WIND_LIMIT_REGISTER = 16;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const row = (path: string, values: number[]): OverheadRow => ({ path, p50Ms: round3(percentile(values, 50, 3)), p99Ms: round3(percentile(values, 99, 3)) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A request's text: what the machine check below encodes and decodes. */
const SAMPLE_REQUEST = { t: 'req', id: 1, name: 'command.execute', body: { equipmentId: 'sts-crane-1', command: 'setWindLimit', value: 18 } };

/**
 * The machine check: fixed JavaScript work (ten JSON round trips of a request), already optimised, timed once (ms).
 * Timed right after the same pause a command follows, and back to back: on this shared VM the same code runs several
 * times slower after a pause (caches and the CPU's clock go cold while idle), and so does everything a command does.
 */
function fixedWork(): number {
  const started = performance.now();
  let ids = 0;
  for (let i = 0; i < 10; i++) ids += (JSON.parse(JSON.stringify(SAMPLE_REQUEST)) as { id: number }).id;
  if (ids !== 10) throw new Error('the machine check miscounted');
  return performance.now() - started;
}

/** Wraps `proto[name]` to call `observe(started, ended, args)` after each call settles; returns the undo. */
function observe(proto: object, name: string, seen: (started: number, ended: number, args: unknown[]) => void): () => void {
  const target = proto as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[name] as (...args: unknown[]) => Promise<unknown>;
  target[name] = async function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      seen(started, performance.now(), args);
    }
  };
  return () => {
    target[name] = original;
  };
}

/** Reports each staged audit record's times (ms on performance.now): staged, written, durable; returns the undo. */
function observeStage(seen: (stagedAt: number, writtenAt: number, durableAt: number) => void): () => void {
  const proto = AuditLog.prototype as unknown as { stage: (...args: unknown[]) => { written: Promise<unknown>; durable: Promise<unknown> } };
  const original = proto.stage;
  proto.stage = function (this: unknown, ...args: unknown[]) {
    const stagedAt = performance.now();
    const staged = original.apply(this, args);
    let writtenAt = Number.NaN;
    void staged.written.then(() => (writtenAt = performance.now()), () => undefined);
    void staged.durable.then(() => seen(stagedAt, writtenAt, performance.now()), () => undefined);
    return staged;
  };
  return () => {
    proto.stage = original;
  };
}

/** Runs `writes` × `rounds` commands, raw writes, bare fsyncs and the machine check, interleaved, a quarter of `paceMs` apart. */
export async function measureCommandOverhead(client: ContractClient, master: ModbusRTU, dataDir: string, writes: number, rounds: number, paceMs = 110): Promise<OverheadRow[]> {
  let current: Split | undefined;
  let startedAt = 0;
  const undo = [
    // A command stages two records: its attempt, then its outcome (whose durability, with the attempt's, the reply waits for).
    observeStage((stagedAt, writtenAt, durableAt) => {
      if (!current) return;
      if (Number.isNaN(current.attemptWritten)) {
        current.attemptWritten = writtenAt - stagedAt;
        current.attemptDurable = durableAt - stagedAt;
        current.attemptDurableAt = durableAt;
      } else current.outcomeWait = Math.max(durableAt, current.attemptDurableAt) - stagedAt;
    }),
    observe(ModbusDriver.prototype, 'UNSAFE_write', (s, e, args) => {
      if (!current || (args[0] as { name?: string }).name !== 'windLimit') return;
      current.deviceWait += e - s;
      current.toDeviceAck = e - startedAt;
      current.queueWait = current.writeExchangeAt - s;
    }),
    // The write's own exchange (out on the wire to its reply), below the driver's queue and encoding: those are the
    // engine's time and stay in the overhead.
    observe(ModbusDriver.prototype, 'exchangeNow', (s, e, args) => {
      const request = args[0] as { op?: string; table?: string; address?: number };
      if (current && request.op === 'write' && request.table === 'holding' && request.address === WIND_LIMIT_REGISTER) {
        current.writeExchange = e - s;
        current.writeExchangeAt = s;
      }
    }),
    observe(ModbusDriver.prototype, 'read', (s, e, args) => current && (args[0] as { name?: string }).name === 'windLimit' && (current.deviceWait += e - s)),
  ];
  const disk = await openForAppend(join(dataDir, 'bench-fsync.log'));
  const raw: number[] = [];
  const fsyncs: number[] = [];
  const splits: Split[] = [];
  const afterPause: number[] = [];
  for (let i = 0; i < 20_000; i++) fixedWork(); // optimised before it is timed
  try {
    for (let i = 0; i < writes * rounds + 10; i++) {
      const warm = i < 10; // the first few of each path are not counted
      await sleep(paceMs / 4);
      let t = performance.now();
      await master.writeRegister(16, i % 2 === 0 ? 180 : 190);
      if (!warm) raw.push(performance.now() - t);
      await sleep(paceMs / 4);
      t = performance.now();
      await disk.write(`${JSON.stringify({ seq: i, time: new Date().toISOString(), kind: 'bench', pad: 'x'.repeat(200) })}\n`);
      await disk.datasync();
      if (!warm) fsyncs.push(performance.now() - t);
      await sleep(paceMs / 4);
      if (!warm) afterPause.push(fixedWork());
      await sleep(paceMs / 4);
      current = { total: 0, toDeviceAck: Number.NaN, writeExchange: Number.NaN, writeExchangeAt: Number.NaN, queueWait: Number.NaN, attemptWritten: Number.NaN, attemptDurable: Number.NaN, attemptDurableAt: Number.NaN, outcomeWait: Number.NaN, deviceWait: 0 };
      startedAt = performance.now();
      const { outcome } = await client.request('command.execute', { equipmentId: 'sts-crane-1', command: 'setWindLimit', value: i % 2 === 0 ? 18 : 19 });
      current.total = performance.now() - startedAt;
      if (outcome.status !== 'ok') throw new Error(`setWindLimit: ${JSON.stringify(outcome)}`);
      if (!Number.isFinite(current.writeExchange) || !Number.isFinite(current.toDeviceAck)) throw new Error('the bench did not see the command\'s device write');
      if (!Number.isFinite(current.outcomeWait)) throw new Error('the bench did not see the command\'s two audit records become durable');
      if (!warm) splits.push(current);
      current = undefined;
    }
  } finally {
    for (const u of undo) u();
    await disk.close();
  }
  const backToBack = Array.from({ length: afterPause.length }, fixedWork);
  const toAck = splits.map((s) => s.toDeviceAck);
  // Paired per command: what the engine added before its write's own round trip. (The p99 of one distribution minus
  // the p99 of another, the raw writes', said little: a slow raw write could make it anything from 0.3 to 2.6 ms.)
  const overhead = row('command overhead: request → device write acknowledged − the write\'s own exchange', splits.map((s) => s.toDeviceAck - s.writeExchange));
  return [
    row('raw writeRegister', raw),
    row('bare durable append (same disk, as the log)', fsyncs),
    row('command: request → device write acknowledged', toAck),
    overhead,
    row('command: request → reply (+ read-back, durable outcome)', splits.map((s) => s.total)),
    row('command: attempt record written (with the OS; the device write waits for this)', splits.map((s) => s.attemptWritten)),
    row('command: attempt record durable (its sync runs alongside the device write)', splits.map((s) => s.attemptDurable)),
    row('command: outcome record staged → both records durable (the reply waits for this)', splits.map((s) => s.outcomeWait)),
    row('command: engine time outside disk and device', splits.map((s) => s.total - s.attemptWritten - s.outcomeWait - s.deviceWait)),
    // One request in flight per link, always (RTU framing pairs replies by order): a command that comes while a scan
    // read or the heartbeat is on the wire waits for it. Its p99 is that exchange's tail, not the engine's work.
    row('command: in the link queue behind the exchange in flight (scan read, heartbeat)', splits.map((s) => s.queueWait)),
    row('command overhead without that wait', splits.map((s) => s.toDeviceAck - s.writeExchange - s.queueWait)),
    row('machine check: fixed JS work (10 JSON round trips of a request) right after a pause, as a command comes', afterPause),
    row('machine check: the same work back to back', backToBack),
  ];
}
