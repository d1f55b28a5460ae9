/** The console's alarm rules: when a beep sounds, what the banner shows, who may act, and the store's merging. */
import { describe, expect, it } from 'vitest';
import type { AlarmInfo, AlarmTransition } from '../../../shared/contract/requests/alarms';
import { activeByPriority, alarmActionBlock, bannerChoice, listRows, shouldSound, type SoundContext } from '../../../renderer/alarms/alarm-rules';
import { AlarmStore, infoOf } from '../../../renderer/alarms/alarm-store';

const ctx: SoundContext = { muted: false, audioAllowed: true, lastSoundAt: -Infinity, now: 10_000, minGapMs: 1500 };
const raised = { state: 'unack-active', previous: 'normal', priority: 'high' } as const;

function alarm(key: string, patch: Partial<AlarmInfo>): AlarmInfo {
  return { key, equipmentId: 'eq', alarmId: key, priority: 'medium', message: key, state: 'unack-active', active: true, acked: false, since: 0, ...patch };
}

describe('should sound', () => {
  it('sounds for a newly raised high or urgent alarm', () => {
    expect(shouldSound(raised, ctx)).toBe(true);
    expect(shouldSound({ ...raised, priority: 'urgent' }, ctx)).toBe(true);
    expect(shouldSound({ ...raised, previous: 'unack-returned' }, ctx)).toBe(true); // came back before anyone acknowledged
    expect(shouldSound({ ...raised, previous: 'shelved' }, ctx)).toBe(true); // shelve ran out while still active
  });

  it('stays silent for medium and low alarms', () => {
    expect(shouldSound({ ...raised, priority: 'medium' }, ctx)).toBe(false);
    expect(shouldSound({ ...raised, priority: 'low' }, ctx)).toBe(false);
  });

  it('stays silent for transitions that are not a new alarm', () => {
    for (const state of ['ack-active', 'unack-returned', 'normal', 'shelved', 'suppressed', 'out-of-service'] as const) {
      expect(shouldSound({ ...raised, state }, ctx), state).toBe(false);
    }
    expect(shouldSound({ ...raised, previous: 'unack-active' }, ctx)).toBe(false);
  });

  it('stays silent when muted or before the browser allows audio', () => {
    expect(shouldSound(raised, { ...ctx, muted: true })).toBe(false);
    expect(shouldSound(raised, { ...ctx, audioAllowed: false })).toBe(false);
  });

  it('makes one beep of a burst: not again within the minimum gap', () => {
    expect(shouldSound(raised, { ...ctx, lastSoundAt: ctx.now - 1000 })).toBe(false);
    expect(shouldSound(raised, { ...ctx, lastSoundAt: ctx.now - 1500 })).toBe(true);
  });
});

describe('banner choice', () => {
  it('shows the highest priority unacknowledged alarm, newest first among equals, and counts the others', () => {
    const alarms = [
      alarm('old-high', { priority: 'high', since: 1 }),
      alarm('new-high', { priority: 'high', since: 5 }),
      alarm('newest-medium', { since: 9 }),
      alarm('acked-urgent', { priority: 'urgent', state: 'ack-active', acked: true }),
      alarm('shelved-urgent', { priority: 'urgent', state: 'shelved' }),
      alarm('returned-high', { priority: 'high', state: 'unack-returned', active: false, since: 8 }),
    ];
    const choice = bannerChoice(alarms);
    expect(choice.top?.key).toBe('new-high'); // active before returned, then newest
    expect(choice.othersUnacked).toBe(3);
    expect(choice.active).toBe(4);
  });

  it('has no top alarm when every alarm is acknowledged, shelved or normal', () => {
    const choice = bannerChoice([alarm('a', { state: 'ack-active', acked: true }), alarm('b', { state: 'normal', active: false, acked: true })]);
    expect(choice).toEqual({ othersUnacked: 0, active: 1 });
  });

  it('lists every alarm that is not normal, most important first', () => {
    const rows = listRows([alarm('n', { state: 'normal' }), alarm('low', { priority: 'low' }), alarm('urgent', { priority: 'urgent' })]);
    expect(rows.map((r) => r.key)).toEqual(['urgent', 'low']);
  });
});

describe('active alarms by priority', () => {
  it('counts one equipment’s annunciated active alarms', () => {
    const alarms = [
      alarm('a', { priority: 'urgent' }),
      alarm('b', { priority: 'high', state: 'ack-active', acked: true }),
      alarm('c', { priority: 'high', state: 'shelved' }),
      alarm('d', { priority: 'low', state: 'unack-returned', active: false }),
      alarm('e', { priority: 'medium', equipmentId: 'other' }),
    ];
    expect(activeByPriority(alarms, 'eq')).toEqual({ urgent: 1, high: 1, medium: 0, low: 0 });
  });
});

describe('who may act on alarms', () => {
  it('needs the engine, a login and the operator role', () => {
    expect(alarmActionBlock('operator', false)).toBe('alarms.why.engine');
    expect(alarmActionBlock(undefined, true)).toBe('alarms.why.login');
    expect(alarmActionBlock('viewer', true)).toBe('alarms.why.role');
    expect(alarmActionBlock('operator', true)).toBeUndefined();
    expect(alarmActionBlock('admin', true)).toBeUndefined();
  });
});

describe('alarm store', () => {
  it('applies transitions and tells its listeners', () => {
    const store = new AlarmStore();
    const heard: AlarmTransition[] = [];
    store.onTransition((t) => heard.push(t));
    const t: AlarmTransition = { ...alarm('k', { priority: 'high' }), at: 42, previous: 'normal', user: 'operator' };
    delete (t as Partial<AlarmInfo>).since;
    store.applyTransition(t);
    expect(store.getSnapshot().alarms.get('k')).toEqual(infoOf(t));
    expect(store.getSnapshot().alarms.get('k')?.since).toBe(42);
    expect(heard).toEqual([t]);
  });
});
