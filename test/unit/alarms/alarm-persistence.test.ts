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
    expect(second.restore(new AlarmStateFile(dir, () => ({}), createMemoryLogger()).load())).toBe(2);
    second.signalChanged(0); // still active: no re-rise through the on-delay, no new acknowledgement asked
    expect(second.get('eq/a0')).toMatchObject({ state: 'ack-active', acked: true });
    expect(second.get('eq/a1')).toMatchObject({ state: 'shelved', shelved: { until: now + 60_000, reason: 'why', by: 'op' } });
  });

  it('starts from normal, with a warning, when the file is not an alarm state file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-state-'));
    dirs.push(dir);
    const log = createMemoryLogger();
    writeFileSync(join(dir, 'alarm-state.json'), '{ "version": 9 ');
    expect(new AlarmStateFile(dir, () => ({}), log).load()).toEqual({});
    writeFileSync(join(dir, 'alarm-state.json'), JSON.stringify({ version: 2, alarms: {} }));
    expect(new AlarmStateFile(dir, () => ({}), log).load()).toEqual({});
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

describe('alarm state restore bounds', () => {
  it('a saved shelve running longer than any shelve may (24 h) is not restored: the alarm shows, with a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-state-'));
    dirs.push(dir);
    const tenYears = 10 * 365 * 86_400_000;
    const folder = join(dir, 'alarms');
    const log = createMemoryLogger();
    new AlarmStateFile(folder, () => ({}), log); // makes the folder
    writeFileSync(
      join(folder, 'alarm-state.json'),
      JSON.stringify({ version: 1, savedAt: now, alarms: { 'eq/a0': { active: false, acked: true, since: now, shelved: { until: now + tenYears, reason: 'edited', by: 'nobody' } } } }),
    );
    const alarms = service([1]);
    keepAlarmState(alarms, dir, log);
    alarms.signalChanged(0);
    expect(alarms.get('eq/a0')).toMatchObject({ state: 'unack-active' });
    expect(log.entries.some((e) => e.code === 'alarms.shelve-not-restored')).toBe(true);
  });
});

describe('alarm state file with impossible times', () => {
  it('a shelve saved with a time outside the calendar ends without an exception (the engine would die of it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-state-'));
    dirs.push(dir);
    const folder = join(dir, 'alarms');
    const log = createMemoryLogger();
    new AlarmStateFile(folder, () => ({}), log); // makes the folder
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
