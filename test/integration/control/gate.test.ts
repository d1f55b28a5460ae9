/**
 * The command path against the real crane simulator: access classes by login and role, and each gate stage refusing
 * with its own reason — every refusal, device rejection and read-back mismatch audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract/errors';
import type { CommandOutcome } from '../../../shared/contract/outcome';
import { CraneMap } from '../../../main/sim/crane/crane-map';
import { auditEntries } from '../../support/audit-entries';
import { craneSite, startConsole, startCrane, valueOf, waitConnected, type Console } from '../../support/crane-console';
import { loginAs } from '../../support/test-users';

let crane: Awaited<ReturnType<typeof startCrane>>;
let operator: Console;

beforeAll(async () => {
  crane = await startCrane();
  // The simulator's fault-inject register (reads back 0) as a maintenance tag, for the read-back mismatch.
  const site = await craneSite(crane.port, (s) => {
    const tags = (s.equipment as { tags: Record<string, unknown> }[])[0]!.tags;
    tags.faultInject = { address: 'holding:5', type: 'uint16', writable: true };
    tags.windOverride = { address: 'holding:20', type: 'uint16', scale: 0.1, unit: 'm/s', range: [0, 100], writable: true };
  });
  operator = await startConsole(site, 101, 'operator');
  await waitConnected(operator);
}, 30_000);

afterAll(async () => {
  await operator?.stop();
  await crane?.stop();
});

const refusal = (outcome: CommandOutcome) => (outcome.status === 'refused' ? `${outcome.stage}/${outcome.code}` : outcome.status);

describe('access classes and login', () => {
  it('refuses every write of a client that is not logged in, before any handler, and audits it', async () => {
    const anonymous = operator.attachClient('anonymous');
    for (const [name, body] of [
      ['control.take', { equipmentId: 'sts-crane-1' }],
      ['command.execute', { equipmentId: 'sts-crane-1', command: 'faultReset' }],
      ['tag.write', { equipmentId: 'sts-crane-1', tag: 'windLimit', value: 20 }],
      ['jog.hold', { equipmentId: 'sts-crane-1', command: 'hoistJog', speed: 0.1, seq: 1 }],
      ['modbus.write', { connectionId: 'crane-plc', address: 'holding:16', value: 200 }],
      ['stop', { equipmentId: 'sts-crane-1' }],
      ['connections.retry', { connectionId: 'crane-plc' }], // reconnecting touches the equipment's link
    ] as const) {
      const error = await anonymous.request(name, body as never).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(ContractError);
      expect((error as ContractError).code, name).toBe('forbidden');
    }
    // Reading stays free.
    expect((await anonymous.request('connections.list', {})).connections).toHaveLength(1);
    const refused = (await auditEntries(operator.dataDir)).filter((e) => e.outcome?.stage === 'authorise' && e.who?.console === 'anonymous');
    expect(refused.map((e) => e.target?.command)).toEqual(['control.take', 'command.execute', 'tag.write', 'jog.hold', 'modbus.write', 'stop', 'connections.retry']);
  });

  it('a client that is not logged in cannot flood the audit: the first refusals in full, the rest as one summary when it goes', async () => {
    const flooder = operator.attachClient('flooder');
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      // 32 in flight at once (the session's cap), as the looping client did.
      const errors = await Promise.all(Array.from({ length: 32 }, () => flooder.request('stop', { equipmentId: 'sts-crane-1' }).catch((e: unknown) => e)));
      for (const error of errors) expect((error as ContractError).code).toBe('forbidden');
    }
    const mine = async () => (await auditEntries(operator.dataDir)).filter((e) => e.who?.console === 'flooder');
    const inFull = await mine();
    expect(inFull).toHaveLength(10); // not 320
    for (const entry of inFull) expect(entry).toMatchObject({ kind: 'stop', target: { command: 'stop' }, outcome: { result: 'refused', stage: 'authorise', code: 'not-logged-in' } });
    flooder.close();
    let summary: Awaited<ReturnType<typeof mine>>[number] | undefined;
    const deadline = Date.now() + 5_000;
    while (!summary && Date.now() < deadline) {
      summary = (await mine()).find((e) => e.detail?.suppressed !== undefined);
      if (!summary) await new Promise((r) => setTimeout(r, 20));
    }
    expect(summary).toMatchObject({ kind: 'stop', outcome: { result: 'refused', stage: 'authorise', code: 'not-logged-in' }, detail: { suppressed: 310 } });
    expect(summary?.outcome?.reason).toContain('310 more refused requests of kind stop');
    expect(await mine()).toHaveLength(11);
  });

  it('gives a viewer the stop but no command, and refuses a wrong PIN, then throttles guessing (audited)', async () => {
    const viewer = operator.attachClient('viewer-screen');
    await loginAs(viewer, 'viewer');
    expect(((await viewer.request('command.execute', { equipmentId: 'sts-crane-1', command: 'faultReset' }).catch((e: unknown) => e)) as ContractError).code).toBe('forbidden');
    const stop = await viewer.request('stop', { equipmentId: 'sts-crane-1' });
    expect(stop.outcome.status).toBe('ok');
    await expect(viewer.request('connections.retry', { connectionId: 'crane-plc' })).resolves.toEqual({ retried: false, notRetried: 'not-needed' }); // connected: nothing to do

    const guesser = operator.attachClient('guesser');
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const error = (await guesser.request('session.login', { user: 'viewer', secret: `000${i}` }).catch((e: unknown) => e)) as ContractError;
      codes.push(String(error.details?.code));
    }
    expect(codes).toEqual(['bad-credentials', 'bad-credentials', 'bad-credentials', 'bad-credentials', 'throttled']);
    // Throttled means not even the right PIN is checked until the wait is over.
    const right = (await guesser.request('session.login', { user: 'viewer', secret: '1111' }).catch((e: unknown) => e)) as ContractError;
    expect(right.details?.code).toBe('throttled');
    const entries = await auditEntries(operator.dataDir);
    expect(entries.filter((e) => e.kind === 'login-refused' && e.who?.user === 'viewer').length).toBe(6);
  });

  it('a client looping on logins cannot flood the audit either: the first refusals in full, the rest summarised when it goes', async () => {
    const looper = operator.attachClient('login-looper');
    for (let i = 0; i < 60; i++) await looper.request('session.login', { user: 'nobody', secret: '0000' }).catch(() => undefined);
    const mine = async () => (await auditEntries(operator.dataDir)).filter((e) => e.who?.console === 'login-looper');
    expect(await mine()).toHaveLength(10);
    looper.close();
    const deadline = Date.now() + 5_000;
    let summaries: Awaited<ReturnType<typeof mine>> = [];
    while (summaries.length === 0 && Date.now() < deadline) {
      summaries = (await mine()).filter((e) => e.detail?.suppressed !== undefined);
      if (summaries.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(summaries.reduce((n, e) => n + Number(e.detail?.suppressed), 0)).toBe(50);
    for (const summary of summaries) expect(summary).toMatchObject({ kind: 'login-refused', who: { user: 'nobody' }, outcome: { result: 'refused' } });
  });
});

describe('the gate, stage by stage', () => {
  const exec = (command: string, value?: number | string | boolean, client = operator.client) =>
    client.request('command.execute', { equipmentId: 'sts-crane-1', command, ...(value !== undefined ? { value } : {}) }).then((r) => r.outcome);

  it('role: a command above the operator role is refused with the role it needs', async () => {
    const outcome = await exec('setWindLimit', 20);
    expect(refusal(outcome)).toBe('role/role-too-low');
  });

  it('ownership: commands need control; with control they reach the device', async () => {
    expect(refusal(await exec('stop'))).toBe('ownership/not-owner');
    const take = await operator.client.request('control.take', { equipmentId: 'sts-crane-1' });
    expect(take.outcome.status).toBe('ok');
    expect(take.control.holder).toMatchObject({ user: 'operator', mine: true });
    expect(take.control.deviceOwner === null || take.control.deviceOwner === 101 || take.control.deviceOwner === 0).toBe(true);
    const owner = await crane.master.readHoldingRegisters(2, 1);
    expect(owner.data[0]).toBe(101);
  });

  it('interlock: evaluated on live values, refused with the values it saw', async () => {
    await crane.master.writeRegister(CraneMap.holding.simWindOverride, 250); // 25 m/s, above the 20 m/s limit
    const deadline = Date.now() + 10_000;
    while (valueOf(operator, 'windHigh') !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const held = await operator.client.request('jog.hold', { equipmentId: 'sts-crane-1', command: 'trolleyJog', speed: 0.5, seq: 1 });
    expect(refusal(held.outcome)).toBe('interlock/interlock:trolley-wind');
    expect(held.outcome.status === 'refused' && held.outcome.values).toEqual({ windHigh: 1 });
    await crane.master.writeRegister(CraneMap.holding.simWindOverride, 0);
  });

  it('target and value: read-only and unknown targets, NaN, Infinity, out of range and wrong type are refused', async () => {
    const maintenance = operator.attachClient('maintenance-laptop');
    await loginAs(maintenance, 'maintenance');
    const write = async (tag: string, value: number | string | boolean) => (await maintenance.request('tag.write', { equipmentId: 'sts-crane-1', tag, value })).outcome;
    expect(refusal(await write('loadWeight', 3))).toBe('target/read-only');
    expect(refusal(await write('noSuchTag', 3))).toBe('target/not-found');
    expect(refusal(await write('windOverride', 'NaN'))).toBe('value/not-a-number');
    expect(refusal(await write('windOverride', '1e999'))).toBe('value/not-finite');
    expect(refusal(await write('windOverride', 150))).toBe('value/out-of-range');
    expect(refusal(await write('windOverride', true))).toBe('value/wrong-type');
    expect(refusal(await exec('setMode', 'x'))).toMatch(/^(value|target)\//);
    // A name every object has is no command of the site: nothing to arm.
    const armed = await operator.client.request('command.arm', { equipmentId: 'sts-crane-1', command: 'toString' });
    expect(armed.armId).toBeUndefined();
    expect(armed.outcome.status).toBe('refused');
    const entries = await auditEntries(operator.dataDir);
    const valueRefusals = entries.filter((e) => e.who?.console === 'maintenance-laptop' && e.outcome?.result === 'refused').map((e) => e.outcome?.code);
    expect(valueRefusals).toEqual(['read-only', 'not-found', 'not-a-number', 'not-finite', 'out-of-range', 'wrong-type']);
  });

  it('device-rejected and verify-mismatch are failures, and audited as such', async () => {
    const admin = operator.attachClient('admin-desk');
    await loginAs(admin, 'admin');
    // The simulator's wind override takes 0..1000 raw: 5000 is the device's own refusal (exception 3).
    const rejected = await admin.request('modbus.write', { connectionId: 'crane-plc', address: 'holding:20', type: 'uint16', value: 5000 }).catch((e: unknown) => e);
    expect((rejected as ContractError).code).toBe('device-error');
    // The fault-inject register always reads back 0: a write there "succeeds" at the device but cannot be verified.
    const mismatch = await admin.request('tag.write', { equipmentId: 'sts-crane-1', tag: 'faultInject', value: 3 });
    expect(mismatch.outcome.status).toBe('verify-mismatch');
    const entries = await auditEntries(operator.dataDir);
    expect(entries.some((e) => e.who?.console === 'admin-desk' && e.outcome?.result === 'device-rejected')).toBe(true);
    expect(entries.some((e) => e.who?.console === 'admin-desk' && e.outcome?.result === 'verify-mismatch' && e.target?.command === 'faultInject')).toBe(true);
    await admin.request('command.execute', { equipmentId: 'sts-crane-1', command: 'stop' }); // (owner is operator: refused, harmless)
  });

  it('command-only targets: what a command, jog, heartbeat or owner register drives cannot be written around the command', async () => {
    const admin = operator.attachClient('admin-desk-2');
    await loginAs(admin, 'admin');
    const tagWrite = await admin.request('tag.write', { equipmentId: 'sts-crane-1', tag: 'hoistSpeedRef', value: 1 });
    expect(refusal(tagWrite.outcome)).toBe('target/command-only');
    expect(tagWrite.outcome.status === 'refused' && tagWrite.outcome.text).toContain('hoistJog');
    for (const [address, type] of [
      ['holding:14', 'float32'], // hoist speed reference
      ['holding:13', 'float32'], // overlaps the trolley reference's second word
      ['holding:42', 'uint16'], // inside the jog block
      ['holding:0', 'uint16'], // heartbeat
      ['holding:2', 'uint16'], // owner
      ['coil:3', 'bool'], // spreader unlock
    ] as const) {
      const error = (await admin.request('modbus.write', { connectionId: 'crane-plc', address, type, value: type === 'bool' ? true : 1 }).catch((e: unknown) => e)) as ContractError;
      expect(error.code, address).toBe('refused');
      expect((error.details?.outcome as CommandOutcome | undefined)?.status === 'refused' && (error.details?.outcome as { code: string }).code, address).toBe('command-only');
    }
    // Unit 0 is broadcast: every device on the link acts on it, the crane's jog block included.
    const broadcast = (await admin.request('modbus.write', { connectionId: 'crane-plc', unitId: 0, address: 'holding:42', type: 'uint16', value: 1 }).catch((e: unknown) => e)) as ContractError;
    expect((broadcast.details?.outcome as { code?: string } | undefined)?.code).toBe('command-only');
    // Text without a length is as wide as the driver writes it (its UTF-8 bytes): 9 bytes from holding 6 reach the
    // gantry reference at 10; 8 bytes end at 9 and are the device's to judge (it refuses unmapped registers).
    const code = (error: unknown) => ((error as ContractError).details?.outcome as { code?: string } | undefined)?.code;
    const reaching = await admin.request('modbus.write', { connectionId: 'crane-plc', address: 'holding:6', type: 'string', value: 'é'.repeat(4) + 'x' }).catch((e: unknown) => e);
    expect(code(reaching)).toBe('command-only');
    const short = await admin.request('modbus.write', { connectionId: 'crane-plc', address: 'holding:6', type: 'string', value: 'é'.repeat(4) }).catch((e: unknown) => e);
    expect(code(short)).not.toBe('command-only');
    expect((await crane.master.readHoldingRegisters(14, 2)).data).toEqual([0, 0]);
  });

  it('rate: a flood of commands is refused at the rate stage', async () => {
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => exec('stop')));
    expect(outcomes.filter((o) => refusal(o) === 'rate/rate-limited').length).toBeGreaterThan(0);
  });

  it('a logged-in client repeating a command the gate refuses: the first refusals in full, the rest summarised when it goes', async () => {
    const repeater = operator.attachClient('repeater');
    await loginAs(repeater, 'operator');
    for (let i = 0; i < 100; i++) {
      const { outcome } = await repeater.request('command.execute', { equipmentId: 'sts-crane-1', command: 'faultReset' });
      expect(outcome.status).toBe('refused'); // not the owner (and soon over the rate)
    }
    const mine = async () => (await auditEntries(operator.dataDir)).filter((e) => e.who?.console === 'repeater' && e.kind !== 'login' && e.kind !== 'logout');
    expect(await mine()).toHaveLength(10);
    repeater.close();
    const deadline = Date.now() + 5_000;
    let summaries: Awaited<ReturnType<typeof mine>> = [];
    while (summaries.length === 0 && Date.now() < deadline) {
      summaries = (await mine()).filter((e) => e.detail?.suppressed !== undefined);
      if (summaries.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(summaries.reduce((n, e) => n + Number(e.detail?.suppressed), 0)).toBe(90);
    for (const summary of summaries) expect(summary).toMatchObject({ who: { user: 'operator' }, target: { equipment: 'sts-crane-1', command: 'faultReset' }, outcome: { result: 'refused' } });
  });

  it('mode: with the crane in local mode, motion is refused at the mode stage', async () => {
    await crane.master.writeRegister(4, 0); // modeRequest: local (the crane is at standstill)
    const deadline = Date.now() + 10_000;
    while (valueOf(operator, 'remoteMode') !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const held = await operator.client.request('jog.hold', { equipmentId: 'sts-crane-1', command: 'hoistJog', speed: 0.2, seq: 100 });
    expect(refusal(held.outcome)).toBe('mode/not-remote');
  });
});
