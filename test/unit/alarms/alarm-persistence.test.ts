/** The alarm state file and the service's restore: round trip, on-delay not re-run, bad files ignored with a log line. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlarmCommands } from '../../../main/engine/alarms/alarm-commands';
import type { AlarmDef } from '../../../main/engine/alarms/alarm-defs';
import { AlarmStateFile } from '../../../main/engine/alarms/alarm-persistence';
import { keepAlarmState } from '../../../main/engine/alarms/alarm-restart';
import { AlarmService } from '../../../main/engine/alarms/alarm-service';
import { createMemoryLogger } from '../../../main/engine/log';

const now = 10_000;
const dirs: string[] = [];
const services: AlarmService[] = [];
afterEach(() => {
  services.splice(0).forEach((s) => s.close());
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function service(inputs: number[], onDelayMs = 0) {
  const defs = inputs.map((_, i): AlarmDef => ({
    key: `eq/a${i}`, equipmentId: 'eq', alarmId: `a${i}`, priority: 'medium', message: `alarm ${i}`, onDelayMs, offDelayMs: 0, outOfService: false,
    signals: [i], condition: () => inputs[i]! > 0,
  }));
  const s = new AlarmService(defs, () => now, () => undefined);
  services.push(s);
  return s;
}

describe('alarm state persistence', () => {
  it('round-trips acks and shelves; an acked active alarm with a 1 s on-delay stays acked after restore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-state-'));
    dirs.push(dir);
    const inputs = [1, 0];
    const first = service(inputs);
    first.signalChanged(0);
    expect(first.operate('eq/a0', { type: 'ack' }, { user: 'op' })).toEqual({ ok: true });
    expect(first.operate('eq/a1', { type: 'shelve', until: now + 60_000, reason: 'why', by: 'op' }, { user: 'op' })).toEqual({ ok: true });
    const file = new AlarmStateFile(dir, () => first.snapshot(), createMemoryLogger());
    await file.flush();

    const second = service(inputs, 1000);
    expect(second.restore(new AlarmStateFile(dir, () => ({ alarms: {} }), createMemoryLogger()).load())).toBe(2);
    second.signalChanged(0); // still active: no re-rise through the on-delay, no new acknowledgement asked
    expect(second.get('eq/a0')).toMatchObject({ state: 'ack-active', acked: true });
    expect(second.get('eq/a1')).toMatchObject({ state: 'shelved', shelved: { until: now + 60_000, reason: 'why', by: 'op' } });
  });

  it('starts from normal, with a warning, when the file is not an alarm state file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-state-'));
    dirs.push(dir);
    const log = createMemoryLogger();
    writeFileSync(join(dir, 'alarm-state.json'), '{ "version": 9 ');
    expect(new AlarmStateFile(dir, () => ({ alarms: {} }), log).load()).toEqual({ alarms: {} });
    writeFileSync(join(dir, 'alarm-state.json'), JSON.stringify({ version: 2, alarms: {} }));
    expect(new AlarmStateFile(dir, () => ({ alarms: {} }), log).load()).toEqual({ alarms: {} });
    expect(log.entries.filter((e) => e.code === 'alarms.state-unreadable')).toHaveLength(2);
  });

  it('a data directory where the state cannot be kept leaves alarms working, with an error logged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-state-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'alarms'), 'a file where the folder should be');
    const log = createMemoryLogger();
    const alarms = service([1]);
    expect(keepAlarmState(alarms, dir, log)).toBeUndefined();
    expect(log.entries.some((e) => e.code === 'alarms.state-unavailable')).toBe(true);
    alarms.signalChanged(0);
    expect(alarms.get('eq/a0')?.state).toBe('unack-active');
  });
});

/** An alarm on input 0, suppressed by design while input 1 is above zero (either may be unknown: undefined). */
function suppressible(inputs: (number | undefined)[]) {
  const known = (i: number) => inputs[i];
  const def: AlarmDef = {
    key: 'eq/wind', equipmentId: 'eq', alarmId: 'wind', priority: 'high', message: 'wind', onDelayMs: 0, offDelayMs: 0, outOfService: false,
    signals: [0, 1], condition: () => (known(0) === undefined ? undefined : known(0)! > 0), suppressed: () => (known(1) === undefined ? undefined : known(1)! > 0),
  };
  const s = new AlarmService([def], () => now, () => undefined);
  services.push(s);
  return s;
}

describe('suppression by design and out of service, across a lost link and a restart', () => {
  it('an alarm suppressed by design stays hidden while its inputs are stale, not shown unacknowledged on every link loss', () => {
    const inputs: (number | undefined)[] = [1, 1];
    const alarms = suppressible(inputs);
    alarms.signalChanged(0);
    expect(alarms.get('eq/wind')).toMatchObject({ state: 'suppressed', active: true });
    inputs[0] = undefined; // the link is lost: both inputs stale
    inputs[1] = undefined;
    alarms.signalChanged(1);
    alarms.signalChanged(0);
    expect(alarms.get('eq/wind')).toMatchObject({ state: 'suppressed' });
    inputs[0] = 1; // back, the suppressing input now false: shown, asking for acknowledgement
    inputs[1] = 0;
    alarms.signalChanged(1);
    expect(alarms.get('eq/wind')).toMatchObject({ state: 'unack-active', acked: false });
  });

  it('a hidden active alarm comes back hidden after a restart, and never as acknowledged by nobody once shown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-state-'));
    dirs.push(dir);
    const inputs: (number | undefined)[] = [1, 1];
    const first = suppressible(inputs);
    first.signalChanged(0);
    await new AlarmStateFile(dir, () => first.snapshot(), createMemoryLogger()).flush();
    const unknown: (number | undefined)[] = [undefined, undefined];
    const second = suppressible(unknown);
    second.restore(new AlarmStateFile(dir, () => ({ alarms: {} }), createMemoryLogger()).load());
    expect(second.get('eq/wind')).toMatchObject({ state: 'suppressed', active: true });
    unknown[0] = 1; // the values come in: the design no longer hides it
    unknown[1] = 0;
    second.signalChanged(1);
    expect(second.get('eq/wind')).toMatchObject({ state: 'unack-active', acked: false });
  });

  it('equipment taken out of service stays out of service after a restart; its active alarm then asks for acknowledgement', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-state-'));
    dirs.push(dir);
    const first = service([1]);
    first.signalChanged(0);
    expect(first.suppressEquipment('eq', true, { user: 'tech', comment: 'maintenance' })).toBe(true);
    await new AlarmStateFile(dir, () => first.snapshot(), createMemoryLogger()).flush();
    const second = service([1]);
    second.restore(new AlarmStateFile(dir, () => ({ alarms: {} }), createMemoryLogger()).load());
    second.signalChanged(0);
    expect(second.get('eq/a0')).toMatchObject({ state: 'suppressed', active: true });
    second.suppressEquipment('eq', false, { user: 'tech' });
    expect(second.get('eq/a0')).toMatchObject({ state: 'unack-active', acked: false });
  });
});

describe('what is saved, and when', () => {
  it('putting equipment back in service is saved even when its alarms stay hidden by design (no alarm state moved)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-state-'));
    dirs.push(dir);
    const inputs: (number | undefined)[] = [1, 1]; // active, hidden by design
    const alarms = suppressible(inputs);
    const file = keepAlarmState(alarms, dir, createMemoryLogger());
    alarms.signalChanged(0);
    alarms.suppressEquipment('eq', true, { user: 'tech' });
    await file?.flush();
    alarms.suppressEquipment('eq', false, { user: 'tech' });
    // The engine dies before anything else changes: whatever the coalesced save wrote is what a restart finds.
    await vi.waitFor(() => expect(new AlarmStateFile(join(dir, 'alarms'), () => ({ alarms: {} }), createMemoryLogger()).load().outOfService).toBeUndefined(), { timeout: 2000 });
  });
});

describe('alarm state restore bounds', () => {
  it('a saved shelve running longer than any shelve may (24 h) is not restored: the alarm shows, with a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-state-'));
    dirs.push(dir);
    const tenYears = 10 * 365 * 86_400_000;
    const folder = join(dir, 'alarms');
    const log = createMemoryLogger();
    new AlarmStateFile(folder, () => ({ alarms: {} }), log); // makes the folder
    writeFileSync(
      join(folder, 'alarm-state.json'),
      JSON.stringify({ version: 1, savedAt: now, alarms: { 'eq/a0': { active: false, acked: true, since: now, shelved: { until: now + tenYears, reason: 'edited', by: 'nobody' } } } }),
    );
    const alarms = service([1]);
    const dropped: unknown[] = [];
    keepAlarmState(alarms, dir, log, (key, shelved) => dropped.push([key, shelved]));
    alarms.signalChanged(0);
    expect(alarms.get('eq/a0')).toMatchObject({ state: 'unack-active' });
    expect(log.entries.some((e) => e.code === 'alarms.shelve-not-restored')).toBe(true);
    // Told to the engine, which audits it as done by the system (as a shelve's expiry is).
    expect(dropped).toEqual([['eq/a0', { until: now + tenYears, reason: 'edited', by: 'nobody' }]]);
  });
});

describe('alarm state file with impossible times', () => {
  it('a shelve saved with a time outside the calendar ends without an exception (the engine would die of it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-state-'));
    dirs.push(dir);
    const folder = join(dir, 'alarms');
    const log = createMemoryLogger();
    new AlarmStateFile(folder, () => ({ alarms: {} }), log); // makes the folder
    writeFileSync(
      join(folder, 'alarm-state.json'),
      JSON.stringify({ version: 1, savedAt: now, alarms: { 'eq/a0': { active: false, acked: true, since: now, shelved: { until: -1e16, reason: 'edited', by: 'nobody' } } } }),
    );
    const alarms = service([1]);
    keepAlarmState(alarms, dir, log);
    const records: unknown[] = [];
    const commands = new AlarmCommands(alarms, { append: async (r) => records.push(r) }, log, () => now);
    const expired: Promise<void>[] = [];
    alarms.hooks.shelveExpired = (alarm, shelved) => void expired.push(commands.shelveExpired(alarm, shelved));
    alarms.signalChanged(0);
    await vi.waitFor(() => expect(alarms.get('eq/a0')?.state).toBe('unack-active'), { timeout: 2000 });
    await expect(Promise.all(expired)).resolves.toBeDefined();
  });
});
