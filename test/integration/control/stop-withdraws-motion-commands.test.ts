/**
 * A motion command (a pulse marked `motion: true`) waiting in the link queue when the stop is pressed never reaches
 * the device: the stop withdraws it like a jog reference, and its outcome says it was stopped. A command that is not
 * motion goes on. The real engine and command path, on a Modbus TCP device (a raw socket server) whose answer to
 * one maintenance read is slow, so the link is busy while the commands queue; the device records every request.
 */
import { afterEach, expect, it } from 'vitest';
import { SiteFile } from '../../../shared/site/schema';
import { auditEntries } from '../../support/audit-entries';
import { FaultServer, type SeenRequest } from '../../support/fault-server';
import { until } from '../../support/modbus-driver-harness';
import { startModbusEngine } from '../../support/modbus-engine';
import { TEST_USERS } from '../../support/test-users';

const SLOW_REGISTER = 100;
const [STOP_COIL, HOIST_UP_COIL, LAMP_COIL] = [0, 4, 7];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function site(port: number): SiteFile {
  return SiteFile.parse({
    site: { name: 'Motion pulses' },
    connections: [{ id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1', port, unitId: 1, timeoutMs: 2000, backoff: { initialMs: 50, maxMs: 200 } }],
    equipment: [
      {
        id: 'hoist',
        name: 'Hoist',
        type: 'generic',
        connection: 'plc',
        tags: {
          stopCmd: { address: `coil:${STOP_COIL}`, type: 'bool', writable: true, scanClass: 'slow' },
          hoistUpCmd: { address: `coil:${HOIST_UP_COIL}`, type: 'bool', writable: true, scanClass: 'slow' },
          lampCmd: { address: `coil:${LAMP_COIL}`, type: 'bool', writable: true, scanClass: 'slow' },
        },
        commands: {
          stop: { kind: 'pulse', tag: 'stopCmd', value: true },
          hoistUp: { kind: 'pulse', tag: 'hoistUpCmd', value: true, motion: true },
          lamp: { kind: 'pulse', tag: 'lampCmd', value: true },
        },
      },
    ],
    users: TEST_USERS,
  });
}

const coilWrite = (coil: number) => (r: SeenRequest) => r.fc === 5 && r.address === coil;

it('a stop withdraws the motion command waiting behind a slow exchange; the command that is not motion still goes', async () => {
  const device = new FaultServer({ framing: 'mbap', units: [1], fault: (r) => (r.fc === 3 && r.address === SLOW_REGISTER ? { delayMs: 400 } : 'ok') });
  await device.listen(0);
  cleanups.push(() => device.close());
  const { client, dataDir, stop } = await startModbusEngine(site(device.port));
  cleanups.push(stop);
  await until(() => device.seen.some((r) => r.fc === 1), 10_000, 'the first scan of the coils');
  expect((await client.request('control.take', { equipmentId: 'hoist' })).outcome.status).toBe('ok');

  // The link busy with a slow maintenance read; the hoist command and the lamp command queue behind it.
  const read = client.request('modbus.read', { connectionId: 'plc', address: `holding:${SLOW_REGISTER}`, count: 1 });
  await until(() => device.outstanding === 1 && device.seen.at(-1)?.address === SLOW_REGISTER, 5000, 'the slow read on the wire');
  const hoistUp = client.request('command.execute', { equipmentId: 'hoist', command: 'hoistUp' });
  const lamp = client.request('command.execute', { equipmentId: 'hoist', command: 'lamp' });
  // Their attempt records are written before their device writes are queued.
  const attempted = async (command: string) => (await auditEntries(dataDir)).some((e) => e.target?.command === command && e.outcome?.result === 'attempt');
  for (const command of ['hoistUp', 'lamp']) {
    const deadline = Date.now() + 5000;
    while (!(await attempted(command))) {
      if (Date.now() > deadline) throw new Error(`no attempt record for ${command}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  expect(device.outstanding).toBe(1); // still behind the slow read
  const stopped = await client.request('stop', { equipmentId: 'hoist' });
  expect(stopped.outcome.status).toBe('ok');

  expect((await hoistUp).outcome).toMatchObject({ status: 'refused', stage: 'state', code: 'stopped' });
  expect((await lamp).outcome.status).toBe('ok');
  await read;
  // On the wire: the stop first (it jumped the queue), then the lamp; the hoist command never.
  const writes = device.seen.filter((r) => r.fc === 5);
  expect(writes.map((r) => r.address)).toEqual([STOP_COIL, LAMP_COIL]);
  expect(device.seen.filter(coilWrite(HOIST_UP_COIL))).toEqual([]);
  expect(device.coils.get(1)?.[HOIST_UP_COIL]).toBe(0);
  // The withdrawal is audited as the command's outcome.
  const outcome = (await auditEntries(dataDir)).find((e) => e.target?.command === 'hoistUp' && e.outcome?.result === 'refused');
  expect(outcome?.outcome).toMatchObject({ stage: 'state', code: 'stopped' });
}, 30_000);
