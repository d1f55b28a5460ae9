/**
 * Operator actions against an alarm that changes while their audit record is written (an fsync: milliseconds): two
 * operators acknowledging at once, and an acknowledgement of a returned alarm that rises again meanwhile. Every
 * outcome a client gets is the one the audit log holds, and no one acknowledges an occurrence they were not shown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AlarmCommands } from '../../../main/engine/alarms/alarm-commands';
import type { AlarmDef } from '../../../main/engine/alarms/alarm-defs';
import { AlarmService } from '../../../main/engine/alarms/alarm-service';
import { createMemoryLogger } from '../../../main/engine/log';
import type { AuditRecord, CommandSession } from '../../../main/engine/safety/command-context';

const services: AlarmService[] = [];
afterEach(() => services.splice(0).forEach((s) => s.close()));

const operator = (user: string, id: number): CommandSession => ({ id, label: `console-${id}`, principal: () => ({ user, role: 'operator' }) }) as unknown as CommandSession;

/** An alarm on `input.v > 0`, and commands whose audit sink takes a few ms per record (calling `during` first). */
function setup() {
  const input = { v: 1 };
  const def: AlarmDef = { key: 'eq/a', equipmentId: 'eq', alarmId: 'a', priority: 'high', message: 'a', onDelayMs: 0, offDelayMs: 0, outOfService: false, signals: [0], condition: () => input.v > 0 };
  let clock = 1_000;
  const alarms = new AlarmService([def], () => clock++, () => undefined);
  services.push(alarms);
  const records: AuditRecord[] = [];
  const hooks = { during: () => undefined as void };
  const sink = {
    append: async (record: AuditRecord) => {
      records.push(record);
      hooks.during();
      await new Promise((resolve) => setTimeout(resolve, 3));
      return records.length;
    },
  };
  return { alarms, commands: new AlarmCommands(alarms, sink, createMemoryLogger(), () => clock), records, input, hooks };
}

describe('alarm actions and the audit', () => {
  it('two operators acknowledging at once: one acknowledges, the other is refused, and the audit says exactly that', async () => {
    const { alarms, commands, records } = setup();
    alarms.signalChanged(0);
    const [alice, bob] = await Promise.all([commands.ack(operator('alice', 1), 'eq/a'), commands.ack(operator('bob', 2), 'eq/a')]);
    expect(alice.status).toBe('ok');
    expect(bob).toMatchObject({ status: 'refused', code: 'already-acknowledged' });
    expect(records.map((r) => `${r.user}:${r.outcome}:${r.code ?? ''}`)).toEqual(['alice:ok:', 'bob:refused:already-acknowledged']);
  });

  it('an acknowledgement of a returned alarm that rises again while it is recorded leaves the new occurrence unacknowledged', async () => {
    const { alarms, commands, records, input, hooks } = setup();
    alarms.signalChanged(0);
    input.v = 0;
    alarms.signalChanged(0);
    expect(alarms.get('eq/a')?.state).toBe('unack-returned'); // what the operator saw and acknowledged
    hooks.during = () => {
      hooks.during = () => undefined;
      input.v = 1; // it rises again while the record is written
      alarms.signalChanged(0);
    };
    const outcome = await commands.ack(operator('alice', 1), 'eq/a');
    expect(outcome).toMatchObject({ status: 'refused', code: 'state-changed' });
    expect(alarms.get('eq/a')).toMatchObject({ state: 'unack-active', acked: false });
    expect(records.map((r) => `${r.outcome}:${r.code ?? ''}:${r.ref ?? ''}`)).toEqual(['ok::', 'refused:state-changed:1']);
  });
});

describe('a shelve dropped at restore', () => {
  it('is audited as done by the system, naming who had shelved it and why', async () => {
    const { commands, records } = setup();
    await commands.shelveDropped('eq/a', { until: Date.UTC(2036, 0, 1), reason: 'edited', by: 'nobody' });
    expect(records).toEqual([
      expect.objectContaining({ kind: 'alarm-unshelve', user: 'system', equipment: 'eq', target: 'eq/a', outcome: 'ok', code: 'shelve-not-restored', oldValue: { shelvedBy: 'nobody', reason: 'edited', until: '2036-01-01T00:00:00.000Z' } }),
    ]);
  });
});
