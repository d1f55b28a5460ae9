/**
 * The audit log's disk stalls (a slow or failing drive): a setpoint waits until its attempt record is written, while a
 * stop issued after it goes out at once; both replies wait until their records are durable. Real engine and crane
 * simulator; the audit sink is one whose writes the test holds, and the driver's writes are watched (not replaced).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ModbusDriver } from '../../../main/engine/drivers/modbus';
import type { AuditRecord, AuditSink } from '../../../main/engine/safety/command-context';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';

const EQ = 'sts-crane-1';

let crane: Awaited<ReturnType<typeof startCrane>>;
let c: Console;
const records: AuditRecord[] = [];
let stall: Promise<void> | undefined;
let unstall = () => {};

/** Records everything; while `stall` is set, no record is written (nor durable) until it is lifted. */
const sink: AuditSink = {
  append: async (record) => {
    records.push(record);
    await stall;
    return records.length;
  },
  stage: (record) => {
    records.push(record);
    const seq = records.length;
    const step = (stall ?? Promise.resolve()).then(() => seq);
    return { written: step, durable: step };
  },
};

const written: string[] = [];
const original = ModbusDriver.prototype.UNSAFE_write;

beforeAll(async () => {
  ModbusDriver.prototype.UNSAFE_write = async function (this: ModbusDriver, ...args: Parameters<typeof original>) {
    const result = await original.apply(this, args);
    if (args[0].name !== 'heartbeat') written.push(args[0].name); // the heartbeat goes on meanwhile (and unaudited)
    return result;
  };
  crane = await startCrane();
  c = await startConsole(await craneSite(crane.port), 211, 'maintenance', 'console-stall', { audit: sink });
  await waitConnected(c);
  await crane.master.writeCoil(1, true); // fault reset (earlier runs may have left the watchdog latched)
  expect((await c.client.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
}, 30_000);

afterAll(async () => {
  ModbusDriver.prototype.UNSAFE_write = original;
  unstall();
  await c?.stop();
  await crane?.stop();
});

it('a setpoint waits for its attempt record; a stop does not wait for the audit at all', async () => {
  stall = new Promise<void>((resolve) => (unstall = resolve));
  written.length = 0;
  let setpointReplied = false;
  let stopReplied = false;
  const setpoint = c.client.request('command.execute', { equipmentId: EQ, command: 'setWindLimit', value: 21.5 }).finally(() => (setpointReplied = true));
  await expect.poll(() => records.some((r) => r.target === 'setWindLimit' && r.outcome === 'attempt')).toBe(true);
  const stop = c.client.request('stop', { equipmentId: EQ }).finally(() => (stopReplied = true));
  await expect.poll(() => written.includes('stopCmd')).toBe(true); // the stop reached the crane
  expect(written).not.toContain('windLimit'); // the earlier setpoint did not: its attempt is not written yet
  expect(setpointReplied || stopReplied).toBe(false); // nothing is acknowledged before its records are durable
  unstall();
  stall = undefined;
  expect((await stop).outcome.status).toBe('ok');
  expect((await setpoint).outcome.status).toBe('ok');
  expect(written).toEqual(['stopCmd', 'windLimit']);
  expect(((await crane.master.readHoldingRegisters(16, 1)).data[0] as number) / 10).toBe(21.5);
  // Each outcome record names its attempt.
  const outcomes = records.filter((r) => r.outcome === 'ok' && (r.kind === 'stop' || r.target === 'setWindLimit'));
  expect(outcomes).toHaveLength(2);
  for (const outcome of outcomes) expect(records[(outcome.ref as number) - 1]).toMatchObject({ kind: outcome.kind, target: outcome.target, outcome: 'attempt' });
});
