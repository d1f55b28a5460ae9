/**
 * The audit log's disk is slow or fails, with a real engine and crane simulator; the driver's writes are watched (not
 * replaced).
 * - Held: a setpoint is not sent until its attempt record is written, and not acknowledged until its records are
 *   durable, while a stop issued after it goes out at once (and its jog zeros with it).
 * - Failing: the real audit log's disk sync fails after a setpoint's attempt was written: the device has acted, so the
 *   reply says it went unrecorded; later commands are refused, the stop still goes out.
 * - Failing with motion: a running jog ends (zero written) once the log stops recording, and a jog whose start could
 *   not be recorded is zeroed at once: no motion goes on unaudited.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { ModbusDriver } from '../../../main/engine/drivers/modbus';
import type { AuditRecord, AuditSink } from '../../../main/engine/safety/command-context';
import { craneSite, resetCraneFaults, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';

const EQ = 'sts-crane-1';

let crane: Awaited<ReturnType<typeof startCrane>>;
const written: string[] = [];
const original = ModbusDriver.prototype.UNSAFE_write;
const originalBlock = ModbusDriver.prototype.UNSAFE_writeRegisters;
const windLimit = async () => ((await crane.master.readHoldingRegisters(16, 1)).data[0] as number) / 10;

beforeAll(async () => {
  ModbusDriver.prototype.UNSAFE_write = async function (this: ModbusDriver, ...args: Parameters<typeof original>) {
    const result = await original.apply(this, args);
    if (args[0].name !== 'heartbeat') written.push(args[0].name); // the heartbeat goes on meanwhile (and unaudited)
    return result;
  };
  // Jog references (zeros included) go through the crane's sequenced jog block.
  ModbusDriver.prototype.UNSAFE_writeRegisters = async function (this: ModbusDriver, ...args: Parameters<typeof originalBlock>) {
    await originalBlock.apply(this, args);
    written.push('jog block');
  };
  crane = await startCrane();
}, 30_000);

afterAll(async () => {
  ModbusDriver.prototype.UNSAFE_write = original;
  ModbusDriver.prototype.UNSAFE_writeRegisters = originalBlock;
  await crane?.stop();
});

/** A console of `role` in control of the crane (its watchdog reset then: earlier cases may have tripped it). */
async function inControl(consoleId: number, label: string, site?: Parameters<typeof startConsole>[0], extra: Parameters<typeof startConsole>[4] = {}): Promise<Console> {
  const c = await startConsole(site ?? (await craneSite(crane.port)), consoleId, 'maintenance', label, extra);
  await waitConnected(c);
  expect((await c.client.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
  await resetCraneFaults(crane.master, c);
  return c;
}

/** The next fdatasync of any file fails (after `first`, when given): the audit log's disk fails under it. */
async function failNextSync(dir: string, first?: () => Promise<void>): Promise<void> {
  const probe = await open(join(dir, 'probe'), 'w');
  await probe.close();
  vi.spyOn(Object.getPrototypeOf(probe) as { datasync(): Promise<void> }, 'datasync').mockImplementationOnce(async () => {
    await first?.();
    throw new Error('EIO: i/o error, fdatasync');
  });
}

/** A gate the test opens. */
function hold(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('a slow audit disk', () => {
  const records: AuditRecord[] = [];
  let writes = hold();
  let syncs = hold();
  /** Records everything; a record is written once `writes` opens and durable once `syncs` opens too. */
  const sink: AuditSink = {
    append: async (record) => {
      records.push(record);
      await writes.promise;
      await syncs.promise;
      return records.length;
    },
    stage: (record) => {
      records.push(record);
      const seq = records.length;
      const written = writes.promise.then(() => seq);
      return { written, durable: written.then(() => syncs.promise).then(() => seq) };
    },
  };
  let c: Console;

  beforeAll(async () => {
    writes.open();
    syncs.open();
    // The longest jog lease the site file allows, so a jog's zero can only come from the stop, not from the lease.
    const site = await craneSite(crane.port, (s) => {
      const eq = (s.equipment as Record<string, Record<string, unknown>>[])[0]!;
      eq.jog = { ...eq.jog, leaseMs: 1000 };
    });
    c = await inControl(211, 'console-slow', site, { audit: sink });
  }, 30_000);
  afterAll(async () => {
    writes.open();
    syncs.open();
    await c?.stop();
  });

  it('a setpoint waits for its attempt record to be written, its reply for both records to be durable; a stop waits for neither', async () => {
    writes = hold();
    syncs = hold();
    written.length = 0;
    let setpointReplied = false;
    let stopReplied = false;
    const setpoint = c.client.request('command.execute', { equipmentId: EQ, command: 'setWindLimit', value: 21.5 }).finally(() => (setpointReplied = true));
    await expect.poll(() => records.some((r) => r.target === 'setWindLimit' && r.outcome === 'attempt')).toBe(true);
    const stop = c.client.request('stop', { equipmentId: EQ }).finally(() => (stopReplied = true));
    await expect.poll(() => written.includes('stopCmd')).toBe(true); // the stop reached the crane
    expect(written).not.toContain('windLimit'); // the earlier setpoint did not: its attempt is not written yet

    writes.open(); // written, not yet durable: the setpoint goes out, nothing is acknowledged
    await expect.poll(() => written.includes('windLimit')).toBe(true);
    expect(await windLimit()).toBe(21.5);
    expect(setpointReplied || stopReplied).toBe(false);

    syncs.open();
    expect((await stop).outcome).toMatchObject({ status: 'ok' });
    expect((await setpoint).outcome).toMatchObject({ status: 'ok' });
    expect((await setpoint).outcome).not.toHaveProperty('unaudited');
    expect(written).toEqual(['stopCmd', 'windLimit']);
    // Each outcome record names its attempt.
    const outcomes = records.filter((r) => r.outcome === 'ok' && (r.kind === 'stop' || r.target === 'setWindLimit'));
    expect(outcomes).toHaveLength(2);
    for (const outcome of outcomes) expect(records[(outcome.ref as number) - 1]).toMatchObject({ kind: outcome.kind, target: outcome.target, outcome: 'attempt' });
  });

  it('a stop zeroes the running jog before its audit records are durable', async () => {
    await resetCraneFaults(crane.master, c);
    const held = await c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: -0.2, seq: 1 });
    expect(held.outcome, JSON.stringify(held.outcome)).toMatchObject({ status: 'ok' });
    syncs = hold(); // records are written, never durable until the end
    written.length = 0;
    const stop = c.client.request('stop', { equipmentId: EQ });
    // The stop, then the jog's zero, well inside the 1 s lease (after it, the lease's own end would write a zero).
    await expect.poll(() => written, { timeout: 500 }).toEqual(['stopCmd', 'jog block']);
    syncs.open();
    expect((await stop).outcome).toMatchObject({ status: 'ok' });
  });

  it('a take-over by another window of this console while a release makes its records durable: the new holder keeps control and its heartbeat', async () => {
    const other = c.attachClient('console-slow-window-2');
    await other.request('session.login', { user: 'operator', secret: '2222' });
    const releaseSync = hold();
    syncs = releaseSync; // the release's attempt record is not durable until the take-over's records are
    const released = c.client.request('control.release', { equipmentId: EQ });
    await expect.poll(() => records.some((r) => r.target === 'release' && r.outcome === 'attempt')).toBe(true);
    syncs = hold();
    syncs.open(); // later records are durable at once
    const taken = other.request('control.take', { equipmentId: EQ, takeOver: true });
    // Either the take-over completes before the release (what used to happen: the release then dropped its claim), or
    // it waits its turn behind the release (what must happen): give the first a chance before letting the release end.
    let takeDone = false;
    void taken.finally(() => (takeDone = true));
    await expect.poll(() => takeDone, { timeout: 1500 }).toBe(true).catch(() => undefined);
    releaseSync.open();
    expect((await released).outcome.status).toBe('ok');
    expect((await taken).outcome.status).toBe('ok');
    const { equipment } = await other.request('control.list', {});
    expect(equipment.find((e) => e.equipmentId === EQ)?.holder).toMatchObject({ mine: true });
    // Its heartbeat runs: the crane's heartbeat register keeps changing.
    const beat = async () => (await crane.master.readHoldingRegisters(0, 1)).data[0];
    const first = await beat();
    await expect.poll(beat, { timeout: 2000 }).not.toBe(first);
    // Back to the first window for the cases below.
    expect((await c.client.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
    other.close();
  });

  it('a window that closes mid-jog while records are not yet durable: its zero goes out and its control is released at once', async () => {
    const other = c.attachClient('console-slow-window-3');
    await other.request('session.login', { user: 'operator', secret: '2222' });
    expect((await other.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
    expect((await other.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: -0.2, seq: 1 })).outcome.status).toBe('ok');
    syncs = hold(); // records are written, never durable until the end
    written.length = 0;
    other.close();
    await expect.poll(() => written, { timeout: 1000 }).toContain('jog block'); // the zero, inside the 1 s lease
    await expect.poll(async () => (await crane.master.readHoldingRegisters(2, 1)).data[0], { timeout: 2000 }).toBe(0); // owner register
    syncs.open();
    expect((await c.client.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
  });

  it('a holder whose window closes while a take-over waits on a stalled disk: its heartbeat stops at once', async () => {
    const holder = c.attachClient('console-slow-window-5');
    await holder.request('session.login', { user: 'operator', secret: '2222' });
    expect((await holder.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
    const taker = c.attachClient('console-slow-window-6');
    await taker.request('session.login', { user: 'operator', secret: '2222' });
    syncs = hold();
    const taken = taker.request('control.take', { equipmentId: EQ, takeOver: true });
    await expect.poll(() => records.some((r) => r.target === 'take-over' && r.console === 'console-slow-window-6' && r.outcome === 'attempt')).toBe(true);
    holder.close(); // its release must wait for the take-over's turn, held by the disk
    const beat = async () => (await crane.master.readHoldingRegisters(0, 1)).data[0];
    // The heartbeat stops: the register holds still for longer than two beat periods.
    await expect
      .poll(async () => {
        const first = await beat();
        await new Promise((r) => setTimeout(r, 300));
        return (await beat()) === first;
      }, { timeout: 3000 })
      .toBe(true);
    syncs.open();
    await taken;
    taker.close();
    expect((await c.client.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
    await resetCraneFaults(crane.master, c); // the watchdog that tripped meanwhile
  });

  it('a take whose link is lost while its records are made durable starts no claim and no heartbeat', async () => {
    const other = c.attachClient('console-slow-window-4');
    await other.request('session.login', { user: 'operator', secret: '2222' });
    await c.client.request('control.release', { equipmentId: EQ });
    syncs = hold();
    const taken = other.request('control.take', { equipmentId: EQ });
    await expect.poll(() => records.some((r) => r.target === 'take' && r.outcome === 'attempt')).toBe(true);
    c.engine.commands.linkQualityChanged(EQ, 'lost'); // the link monitor's verdict, while the take waits for its records
    syncs.open();
    expect((await taken).outcome).toMatchObject({ status: 'refused', code: 'link-lost' });
    const { equipment } = await other.request('control.list', {});
    expect(equipment.find((e) => e.equipmentId === EQ)?.holder).toBeNull();
    other.close();
    expect((await c.client.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
  });

  it('a jog let go while its first reference\'s records are not yet durable is zeroed at once, not once they are', async () => {
    await c.client.request('jog.release', { equipmentId: EQ, command: 'hoistJog' }); // the stop above inhibits until let go
    await resetCraneFaults(crane.master, c);
    syncs = hold(); // records are written, never durable until the end
    written.length = 0;
    const held = c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: -0.2, seq: 10 });
    await expect.poll(() => written).toEqual(['jog block']); // the reference is on the device; its reply waits for durable
    const released = c.client.request('jog.release', { equipmentId: EQ, command: 'hoistJog' });
    // The zero from the release, well inside the 1 s lease (after it, the lease's own end would write one).
    await expect.poll(() => written, { timeout: 500 }).toEqual(['jog block', 'jog block']);
    syncs.open();
    await Promise.all([held, released]);
  });
});

describe('an audit disk that fails', () => {
  let c: Console;
  beforeAll(async () => {
    c = await inControl(212, 'console-failing');
  }, 30_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await c?.stop();
  });

  it('a setpoint the device took says it went unrecorded; the next one is refused; the stop still goes out', async () => {
    await failNextSync(c.dataDir);
    written.length = 0;
    const first = await c.client.request('command.execute', { equipmentId: EQ, command: 'setWindLimit', value: 23.5 });
    expect(first.outcome).toEqual({ status: 'ok', latencyMs: expect.any(Number), unaudited: true });
    expect(await windLimit()).toBe(23.5); // the device did act
    const second = await c.client.request('command.execute', { equipmentId: EQ, command: 'setWindLimit', value: 24.5 });
    expect(second.outcome).toMatchObject({ status: 'refused', stage: 'audit', code: 'audit-unavailable' });
    const stop = await c.client.request('stop', { equipmentId: EQ });
    expect(stop.outcome).toMatchObject({ status: 'ok', unaudited: true });
    expect(written).toEqual(['windLimit', 'stopCmd']);
    expect(await windLimit()).toBe(23.5);
  });
});

describe('an audit disk that fails during motion', () => {
  let c: Console;
  beforeAll(async () => {
    c = await inControl(213, 'console-moving');
  }, 30_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await c?.stop();
  });

  it('a jog running when the log stops recording is ended, its zero written; a new one is refused', async () => {
    const held = await c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: -0.2, seq: 1 });
    expect(held.outcome, JSON.stringify(held.outcome)).toMatchObject({ status: 'ok' });
    await failNextSync(c.dataDir);
    written.length = 0;
    // Another command's record is the one the disk fails on; the jog keeps being held meanwhile.
    const setpoint = c.client.request('command.execute', { equipmentId: EQ, command: 'setWindLimit', value: 22.5 });
    void c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: -0.2, seq: 2 });
    const stopped = await c.waitForEvent('jog.stopped', (e: { code: string }) => e.code === 'audit-failed');
    expect(stopped).toMatchObject({ equipmentId: EQ, command: 'hoistJog', text: expect.stringContaining('audit log failed') });
    expect((await setpoint).outcome).toMatchObject({ status: 'ok', unaudited: true });
    await expect.poll(() => written).toContain('jog block'); // the zero
    const again = await c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: -0.2, seq: 3 });
    expect(again.outcome).toMatchObject({ status: 'refused', code: 'audit-unavailable' });
  });
});

describe('an audit disk that fails as a jog starts', () => {
  let c: Console;
  beforeAll(async () => {
    c = await inControl(214, 'console-starting');
  }, 30_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await c?.stop();
  });

  it('the jog whose start could not be recorded is zeroed at once and reported as ended by the audit failure', async () => {
    // The sync fails as a slow disk's would: after the reference has gone out to the crane.
    await failNextSync(c.dataDir, async () => {
      while (!written.includes('jog block')) await new Promise((r) => setTimeout(r, 1));
    });
    written.length = 0;
    const held = await c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: -0.2, seq: 1 });
    expect(held).toMatchObject({ outcome: { status: 'refused', stage: 'audit', code: 'audit-failed' }, applied: 0 });
    expect(written).toEqual(['jog block', 'jog block']); // the reference the device took, then its zero
  });
});
