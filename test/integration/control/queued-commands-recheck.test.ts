/**
 * Every command, not only motion, is gated again right before it goes out. A command can wait in the link queue behind
 * an exchange stalled on a bad link for up to that exchange's timeout; meanwhile the link monitor can judge the link
 * lost (control then ends, the operator is told to take it again), or the login can end. A pulse such as unlocking
 * the twistlocks must not reach the device after that. The real engine and command path, on a Modbus TCP device (a
 * raw socket server) that records every request.
 */
import { afterEach, expect, it } from 'vitest';
import { SiteFile } from '../../../shared/site/schema';
import { auditEntries } from '../../support/audit-entries';
import { FaultServer } from '../../support/fault-server';
import { until } from '../../support/modbus-driver-harness';
import { startModbusEngine } from '../../support/modbus-engine';
import { TEST_USERS } from '../../support/test-users';

const SLOW_REGISTER = 100;
const [UNLOCK_COIL, SETPOINT_REGISTER] = [3, 10];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function site(port: number): SiteFile {
  return SiteFile.parse({
    site: { name: 'Queued commands' },
    connections: [{ id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1', port, unitId: 1, timeoutMs: 3000, backoff: { initialMs: 50, maxMs: 200 } }],
    equipment: [
      {
        id: 'spreader',
        name: 'Spreader',
        type: 'generic',
        connection: 'plc',
        tags: {
          unlockCmd: { address: `coil:${UNLOCK_COIL}`, type: 'bool', writable: true, scanClass: 'slow' },
          windLimit: { address: `holding:${SETPOINT_REGISTER}`, type: 'uint16', writable: true, scanClass: 'slow' },
        },
        commands: { unlock: { kind: 'pulse', tag: 'unlockCmd', value: true } },
      },
    ],
    users: TEST_USERS,
  });
}

/** An engine in control of the spreader, its link held by a maintenance read the device answers once `release()` is called. */
async function behindStalledRead() {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const device = new FaultServer({ framing: 'mbap', units: [1], fault: (r) => (r.fc === 3 && r.address === SLOW_REGISTER ? { heldUntil: held } : 'ok') });
  await device.listen(0);
  cleanups.push(async () => {
    release();
    await device.close();
  });
  const engine = await startModbusEngine(site(device.port));
  cleanups.push(engine.stop);
  await until(() => device.seen.some((r) => r.fc === 1), 10_000, 'the first scan of the coils');
  expect((await engine.client.request('control.take', { equipmentId: 'spreader' })).outcome.status).toBe('ok');
  const read = engine.client.request('modbus.read', { connectionId: 'plc', address: `holding:${SLOW_REGISTER}`, count: 1 });
  await until(() => device.outstanding === 1 && device.seen.at(-1)?.address === SLOW_REGISTER, 5000, 'the slow read on the wire');
  return { device, engine, read, release };
}

/** Resolves once `target`'s attempt record is on file (so its device write waits in the link queue). */
async function attempted(dataDir: string, target: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await auditEntries(dataDir)).some((e) => e.target?.command === target && e.outcome?.result === 'attempt')) {
    if (Date.now() > deadline) throw new Error(`no attempt record for ${target}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

it('a link judged lost while a command waits behind a stalled exchange: the command is withdrawn unsent, and so recorded', async () => {
  const { device, engine, read, release } = await behindStalledRead(); // held past the link's 500 ms survival time
  // The engine tells the console its control ended with the link.
  let controlLost = false;
  engine.client.on('control.changed', (c) => (controlLost ||= c.equipmentId === 'spreader' && c.lost?.code === 'link-lost'));
  const unlock = engine.client.request('command.execute', { equipmentId: 'spreader', command: 'unlock' });
  await attempted(engine.dataDir, 'unlock');
  await until(() => controlLost, 5000, 'control ended with the link');
  expect(device.outstanding).toBe(1); // the command still waits behind the stalled read
  release(); // the read answers (before the connection's 3 s timeout): the command's turn comes
  const outcome = (await unlock).outcome;
  expect(outcome).toMatchObject({ status: 'refused' });
  expect(['ownership', 'link']).toContain(outcome.status === 'refused' ? outcome.stage : undefined);
  await read.catch(() => undefined);
  expect(device.seen.filter((r) => r.fc === 5 && r.address === UNLOCK_COIL)).toEqual([]);
  expect(device.coils.get(1)?.[UNLOCK_COIL]).toBe(0);
  const records = (await auditEntries(engine.dataDir)).filter((e) => e.target?.command === 'unlock').map((e) => e.outcome?.result);
  expect(records).toEqual(['attempt', 'refused']);
}, 30_000);

it('a maintenance write waiting behind a stalled exchange when its login ends is withdrawn unsent', async () => {
  const { device, engine, read, release } = await behindStalledRead();
  const write = engine.client.request('tag.write', { equipmentId: 'spreader', tag: 'windLimit', value: 42 });
  await attempted(engine.dataDir, 'windLimit');
  await engine.client.request('session.logout', {});
  release();
  expect((await write).outcome).toMatchObject({ status: 'refused', stage: 'role', code: 'not-logged-in' });
  await read;
  expect(device.seen.filter((r) => (r.fc === 6 || r.fc === 16) && r.address === SETPOINT_REGISTER)).toEqual([]);
}, 30_000);

it('a raw maintenance write waiting behind a stalled exchange when its login ends is withdrawn unsent', async () => {
  const { device, engine, read, release } = await behindStalledRead();
  const write = engine.client.request('modbus.write', { connectionId: 'plc', address: `holding:${SETPOINT_REGISTER + 1}`, value: 7 });
  await attempted(engine.dataDir, `plc:holding:${SETPOINT_REGISTER + 1}`);
  await engine.client.request('session.logout', {});
  release();
  await expect(write).rejects.toMatchObject({ code: 'refused' });
  await read;
  expect(device.seen.filter((r) => (r.fc === 6 || r.fc === 16) && r.address === SETPOINT_REGISTER + 1)).toEqual([]);
}, 30_000);

it('a command that is still wanted when its turn comes goes out as before', async () => {
  const { device, engine, read, release } = await behindStalledRead();
  const unlock = engine.client.request('command.execute', { equipmentId: 'spreader', command: 'unlock' });
  await attempted(engine.dataDir, 'unlock');
  expect(device.outstanding).toBe(1);
  release();
  expect((await unlock).outcome.status).toBe('ok');
  await read;
  expect(device.seen.filter((r) => r.fc === 5 && r.address === UNLOCK_COIL)).toHaveLength(1);
}, 30_000);
