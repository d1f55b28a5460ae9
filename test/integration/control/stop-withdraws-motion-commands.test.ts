/**
 * A motion command (a pulse marked `motion: true`) on its way when the stop is pressed never reaches the device, and
 * it is refused as `motion-ended`; a command that is not motion goes on. Two places it can be on its way: waiting in
 * the link queue (a slow maintenance read keeps the link busy), where the stop withdraws it; and before that, waiting
 * for its attempt record (an audit disk held by the test), where a stop, or the loss of control, since it passed the
 * gate ends it unsent. The real engine and command path, on a Modbus TCP device (a raw socket server) that records
 * every request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord, AuditSink } from '../../../main/engine/safety/command-context';
import { SiteFile } from '../../../shared/site/schema';
import { auditEntries } from '../../support/audit-entries';
import { FaultServer, type SeenRequest } from '../../support/fault-server';
import { until } from '../../support/modbus-driver-harness';
import { startModbusEngine } from '../../support/modbus-engine';
import { TEST_USERS } from '../../support/test-users';

const SLOW_REGISTER = 100;
const [STOP_COIL, HOIST_UP_COIL, LAMP_COIL, BLOCKED_COIL] = [0, 4, 7, 9];
/** The trolley's motion bit lives in a holding register: a read-modify-write on a device without mask write. */
const TROLLEY_REGISTER = 20;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The hoist on `port`; with `sensorsPort`, also a sensor on a link of its own whose `blocked` input blocks hoistUp. */
function site(port: number, sensorsPort?: number): SiteFile {
  const link = (id: string, p: number) => ({ id, protocol: 'modbus-tcp', host: '127.0.0.1', port: p, unitId: 1, timeoutMs: 2000, backoff: { initialMs: 50, maxMs: 200 } });
  const sensors = { id: 'sensors', name: 'Sensors', type: 'generic', connection: 'sensor-plc', tags: { blocked: { address: `coil:${BLOCKED_COIL}`, type: 'bool', scanClass: 'fast' } } };
  const sensorInterlock = { id: 'sensors-clear', allowWhen: 'sensors.blocked == 0', blocks: ['hoistUp'], reason: 'A sensor blocks the hoist' };
  return SiteFile.parse({
    site: { name: 'Motion pulses' },
    connections: [link('plc', port), ...(sensorsPort === undefined ? [] : [link('sensor-plc', sensorsPort)])],
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
          blocked: { address: `coil:${BLOCKED_COIL}`, type: 'bool', scanClass: 'fast' },
          trolleyOutCmd: { address: `holding:${TROLLEY_REGISTER}.3`, type: 'bool', writable: true, scanClass: 'slow' },
        },
        interlocks: [{ id: 'hoist-blocked', allowWhen: 'blocked == 0', blocks: ['hoistUp'], reason: 'The hoist is blocked' }, ...(sensorsPort === undefined ? [] : [sensorInterlock])],
        commands: {
          stop: { kind: 'pulse', tag: 'stopCmd', value: true },
          hoistUp: { kind: 'pulse', tag: 'hoistUpCmd', value: true, motion: true },
          hoistUpConfirmed: { kind: 'pulse', tag: 'hoistUpCmd', value: true, motion: true, confirm: true },
          lamp: { kind: 'pulse', tag: 'lampCmd', value: true },
          trolleyOut: { kind: 'pulse', tag: 'trolleyOutCmd', value: true, motion: true },
        },
      },
      ...(sensorsPort === undefined ? [] : [sensors]),
    ],
    users: TEST_USERS,
  });
}

const coilWrite = (coil: number) => (r: SeenRequest) => r.fc === 5 && r.address === coil;

/** The engine's value of `tag` of `equipmentId` (a bool is held as 0 or 1). */
function valueOf(engine: Awaited<ReturnType<typeof startModbusEngine>>, equipmentId: string, tag: string) {
  const signal = engine.engine.signals.find((s) => s.equipmentId === equipmentId && s.tag === tag);
  return signal ? engine.engine.store.get(signal.id)?.value : undefined;
}

/**
 * An engine in control of the hoist whose link is busy with a slow maintenance read (400 ms), and `commands` sent
 * behind it: resolves once each one's attempt record is written, so its device write waits in the link queue.
 */
async function queuedBehindSlowRead(commands: string[], sensors?: FaultServer) {
  const device = new FaultServer({ framing: 'mbap', units: [1], fault: (r) => (r.fc === 3 && r.address === SLOW_REGISTER ? { delayMs: 400 } : 'ok') });
  await device.listen(0);
  cleanups.push(() => device.close());
  const engine = await startModbusEngine(site(device.port, sensors?.port));
  cleanups.push(engine.stop);
  const { client, dataDir } = engine;
  await until(() => device.seen.some((r) => r.fc === 1), 10_000, 'the first scan of the coils');
  await until(() => valueOf(engine, 'hoist', 'blocked') === 0 && (!sensors || valueOf(engine, 'sensors', 'blocked') === 0), 10_000, 'the interlock inputs read');
  expect((await client.request('control.take', { equipmentId: 'hoist' })).outcome.status).toBe('ok');
  const read = client.request('modbus.read', { connectionId: 'plc', address: `holding:${SLOW_REGISTER}`, count: 1 });
  await until(() => device.outstanding === 1 && device.seen.at(-1)?.address === SLOW_REGISTER, 5000, 'the slow read on the wire');
  const replies = commands.map((command) => client.request('command.execute', { equipmentId: 'hoist', command }));
  // Their attempt records are written before their device writes are queued.
  const attempted = async (command: string) => (await auditEntries(dataDir)).some((e) => e.target?.command === command && e.outcome?.result === 'attempt');
  for (const command of commands) {
    const deadline = Date.now() + 5000;
    while (!(await attempted(command))) {
      if (Date.now() > deadline) throw new Error(`no attempt record for ${command}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  expect(device.outstanding).toBe(1); // still behind the slow read
  return { device, engine, read, replies };
}

it('a stop withdraws the motion command waiting behind a slow exchange; the command that is not motion still goes', async () => {
  const { device, engine, read, replies } = await queuedBehindSlowRead(['hoistUp', 'lamp']);
  const [hoistUp, lamp] = replies as [(typeof replies)[number], (typeof replies)[number]];
  const stopped = await engine.client.request('stop', { equipmentId: 'hoist' });
  expect(stopped.outcome.status).toBe('ok');

  expect((await hoistUp).outcome).toMatchObject({ status: 'refused', stage: 'state', code: 'motion-ended' });
  expect((await lamp).outcome.status).toBe('ok');
  await read;
  // On the wire: the stop first (it jumped the queue), then the lamp; the hoist command never.
  const writes = device.seen.filter((r) => r.fc === 5);
  expect(writes.map((r) => r.address)).toEqual([STOP_COIL, LAMP_COIL]);
  expect(device.seen.filter(coilWrite(HOIST_UP_COIL))).toEqual([]);
  expect(device.coils.get(1)?.[HOIST_UP_COIL]).toBe(0);
  // The withdrawal is audited as the command's outcome.
  const outcome = (await auditEntries(engine.dataDir)).find((e) => e.target?.command === 'hoistUp' && e.outcome?.result === 'refused');
  expect(outcome?.outcome).toMatchObject({ stage: 'state', code: 'motion-ended' });
}, 30_000);

it('an interlock that trips while it waits for the link refuses it when its turn comes: the gate is asked as it goes out', async () => {
  const sensors = new FaultServer({ framing: 'mbap', units: [1] });
  await sensors.listen(0);
  cleanups.push(() => sensors.close());
  const { device, engine, read, replies } = await queuedBehindSlowRead(['hoistUp'], sensors);
  sensors.coils.get(1)?.set([1], BLOCKED_COIL); // read on its own link while the hoist's link is still busy
  await until(() => valueOf(engine, 'sensors', 'blocked') === 1, 5000, 'the sensor read as blocking');
  expect(device.outstanding).toBe(1); // the hoist command still waits behind the slow read
  expect((await replies[0])?.outcome).toMatchObject({ status: 'refused', stage: 'interlock', code: 'interlock:sensors-clear' });
  await read;
  expect(device.seen.filter(coilWrite(HOIST_UP_COIL))).toEqual([]);
  expect(engine.engine.commands.jogs.motion.otherwiseWithdrawn + engine.engine.commands.jogs.motion.stopWithdrawn).toBe(0); // withdrawn by its own check
}, 30_000);

it('a motion bit write under way when its own equipment is stopped gives way before its write, refused as motion-ended', async () => {
  // The device answers mask write (FC22) with exception 1, late: the write falls back to read-modify-write after it.
  const device = new FaultServer({ framing: 'mbap', units: [1], fault: (r) => (r.fc === 22 ? { exception: 1, delayMs: 300 } : 'ok') });
  await device.listen(0);
  cleanups.push(() => device.close());
  const engine = await startModbusEngine(site(device.port));
  cleanups.push(engine.stop);
  await until(() => valueOf(engine, 'hoist', 'blocked') === 0, 10_000, 'the interlock input read');
  expect((await engine.client.request('control.take', { equipmentId: 'hoist' })).outcome.status).toBe('ok');
  const trolley = engine.client.request('command.execute', { equipmentId: 'hoist', command: 'trolleyOut' });
  await until(() => device.outstanding === 1 && device.seen.at(-1)?.fc === 22, 5000, 'the mask write on the wire');
  expect((await engine.client.request('stop', { equipmentId: 'hoist' })).outcome.status).toBe('ok');
  expect((await trolley).outcome).toMatchObject({ status: 'refused', code: 'motion-ended' });
  expect(device.seen.filter((r) => (r.fc === 6 || r.fc === 16) && r.address === TROLLEY_REGISTER)).toEqual([]);
}, 30_000);

it('losing control withdraws the motion command waiting in the link queue as well', async () => {
  const { device, engine, read, replies } = await queuedBehindSlowRead(['hoistUp']);
  expect((await engine.client.request('control.release', { equipmentId: 'hoist' })).outcome.status).toBe('ok');
  expect((await replies[0])?.outcome).toMatchObject({ status: 'refused', code: 'motion-ended' });
  await read;
  expect(device.seen.filter(coilWrite(HOIST_UP_COIL))).toEqual([]);
  expect(engine.engine.commands.jogs.motion.otherwiseWithdrawn).toBe(1);
}, 30_000);

/** An audit sink whose records are written (and durable) only once `open()` is called; every record is kept. */
function heldAudit() {
  const records: AuditRecord[] = [];
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  const sink: AuditSink = {
    append: async (record) => {
      records.push(record);
      await opened;
      return records.length;
    },
    stage: (record) => {
      records.push(record);
      const seq = records.length;
      const written = opened.then(() => seq);
      return { written, durable: written };
    },
  };
  return { sink, records, open };
}

it('a motion command armed before a stop must be armed again after it', async () => {
  const device = new FaultServer({ framing: 'mbap', units: [1] });
  await device.listen(0);
  cleanups.push(() => device.close());
  const { client, stop } = await startModbusEngine(site(device.port));
  cleanups.push(stop);
  await until(() => device.seen.some((r) => r.fc === 1), 10_000, 'the first scan of the coils');
  expect((await client.request('control.take', { equipmentId: 'hoist' })).outcome.status).toBe('ok');
  const armed = await client.request('command.arm', { equipmentId: 'hoist', command: 'hoistUpConfirmed' });
  expect(armed.outcome.status).toBe('ok');
  expect(armed.expiresInMs).toBe(10_000); // the time left, which a console counts on its own clock (arm-countdown.ts)
  expect((await client.request('stop', { equipmentId: 'hoist' })).outcome.status).toBe('ok');
  const confirmed = await client.request('command.execute', { equipmentId: 'hoist', command: 'hoistUpConfirmed', armId: armed.armId });
  expect(confirmed.outcome).toMatchObject({ status: 'refused', code: 'arm-stopped' });
  expect(device.seen.filter(coilWrite(HOIST_UP_COIL))).toEqual([]);
  // Armed again after the stop, it runs.
  const again = await client.request('command.arm', { equipmentId: 'hoist', command: 'hoistUpConfirmed' });
  expect((await client.request('command.execute', { equipmentId: 'hoist', command: 'hoistUpConfirmed', armId: again.armId })).outcome.status).toBe('ok');
  expect(device.coils.get(1)?.[HOIST_UP_COIL]).toBe(1);
}, 30_000);

describe('a motion command still waiting for its attempt record', () => {
  async function held() {
    const device = new FaultServer({ framing: 'mbap', units: [1] });
    await device.listen(0);
    cleanups.push(() => device.close());
    const audit = heldAudit();
    audit.open(); // open for the start (control.take); each case holds it again below
    const engine = await startModbusEngine(site(device.port), 'admin', { audit: audit.sink });
    cleanups.push(engine.stop);
    await until(() => device.seen.some((r) => r.fc === 1), 10_000, 'the first scan of the coils');
    await until(() => valueOf(engine, 'hoist', 'blocked') === 0, 10_000, 'the interlock input read');
    expect((await engine.client.request('control.take', { equipmentId: 'hoist' })).outcome.status).toBe('ok');
    return { device, engine, audit };
  }


  /** Holds the audit from now; resolves once `command`'s attempt record is staged (it waits to be written). */
  async function sentAndHeld(rig: Awaited<ReturnType<typeof held>>, command: string) {
    const next = heldAudit();
    Object.assign(rig.audit.sink, next.sink);
    const reply = rig.engine.client.request('command.execute', { equipmentId: 'hoist', command });
    await until(() => next.records.some((r) => r.target === command && r.outcome === 'attempt'), 5000, `${command}'s attempt record`);
    return { reply, records: next.records, open: next.open };
  }

  it('a stop pressed meanwhile ends it unsent, with a motion-ended refusal on record', async () => {
    const rig = await held();
    const hoistUp = await sentAndHeld(rig, 'hoistUp');
    const stopped = rig.engine.client.request('stop', { equipmentId: 'hoist' });
    await until(() => rig.device.seen.some(coilWrite(STOP_COIL)), 5000, 'the stop on the wire'); // it waits for no record
    hoistUp.open();
    expect((await hoistUp.reply).outcome).toMatchObject({ status: 'refused', stage: 'state', code: 'motion-ended' });
    expect((await stopped).outcome.status).toBe('ok');
    expect(rig.device.seen.filter(coilWrite(HOIST_UP_COIL))).toEqual([]);
    expect(hoistUp.records.filter((r) => r.target === 'hoistUp').map((r) => r.outcome)).toEqual(['attempt', 'refused']);
  });

  it('control released meanwhile ends it unsent as well', async () => {
    const rig = await held();
    const hoistUp = await sentAndHeld(rig, 'hoistUp');
    const epoch = rig.engine.engine.commands.jogs.motion.epoch('hoist');
    const released = rig.engine.client.request('control.release', { equipmentId: 'hoist' });
    await until(() => rig.engine.engine.commands.jogs.motion.epoch('hoist') !== epoch, 5000, 'control released');
    hoistUp.open();
    await released;
    expect((await hoistUp.reply).outcome).toMatchObject({ status: 'refused', code: 'motion-ended' });
    expect(rig.device.seen.filter(coilWrite(HOIST_UP_COIL))).toEqual([]);
  });

  it('an interlock that trips meanwhile refuses it: the gate is asked again right before it goes out', async () => {
    const rig = await held();
    const hoistUp = await sentAndHeld(rig, 'hoistUp');
    rig.device.coils.get(1)?.set([1], BLOCKED_COIL);
    await until(() => valueOf(rig.engine, 'hoist', 'blocked') === 1, 5000, 'the interlock input read as tripped');
    hoistUp.open();
    expect((await hoistUp.reply).outcome).toMatchObject({ status: 'refused', stage: 'interlock', code: 'interlock:hoist-blocked' });
    expect(rig.device.seen.filter(coilWrite(HOIST_UP_COIL))).toEqual([]);
  });

  it('a command that is not motion, and a motion command with nothing in between, go out', async () => {
    const rig = await held();
    const lamp = await sentAndHeld(rig, 'lamp');
    const stopped = rig.engine.client.request('stop', { equipmentId: 'hoist' });
    await until(() => rig.device.seen.some(coilWrite(STOP_COIL)), 5000, 'the stop on the wire');
    lamp.open();
    expect((await lamp.reply).outcome.status).toBe('ok');
    await stopped;
    expect(rig.device.coils.get(1)?.[LAMP_COIL]).toBe(1);
    const hoistUp = await sentAndHeld(rig, 'hoistUp');
    hoistUp.open();
    expect((await hoistUp.reply).outcome.status).toBe('ok');
    expect(rig.device.coils.get(1)?.[HOIST_UP_COIL]).toBe(1);
  });
});
