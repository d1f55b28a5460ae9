/** Site-file alarms compiled by a (not started) engine: deadband, suppression by design, out of service, bad input. */
import { afterEach, describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { Engine } from '../../../main/engine/engine';
import { createMemoryLogger } from '../../../main/engine/log';
import { craneSite } from '../../support/crane-console';
import { modbusFactories } from '../../support/modbus-engine';

let engine: Engine | undefined;
afterEach(async () => engine?.stop());

async function craneEngine(alarms: Record<string, unknown>[]): Promise<Engine> {
  const site = await craneSite(1502, (demo) => {
    (demo.equipment as { alarms: unknown[] }[])[0]!.alarms = alarms;
  });
  engine = new Engine({ site, siteFile: 'crane.yaml', dataDir: '', factories: modbusFactories, log: createMemoryLogger(), audit: { append: async () => 1 } });
  return engine;
}

function set(e: Engine, tag: string, value: number | boolean, quality: Quality = Quality.good): void {
  const id = e.signals.find((s) => s.tag === tag)!.id;
  e.store.apply([{ signalId: id, value, quality, sourceTime: Date.now() }]);
}

describe('site alarms', () => {
  it('clears a limit alarm only a deadband inside its limit', async () => {
    const e = await craneEngine([{ id: 'wind', tag: 'windSpeed', above: 18, deadband: 1, priority: 'medium', message: 'Wind' }]);
    const state = () => e.alarms.get('sts-crane-1/wind')?.active;
    set(e, 'windSpeed', 18.5);
    expect(state()).toBe(true);
    set(e, 'windSpeed', 17.2);
    expect(state()).toBe(true);
    set(e, 'windSpeed', 16.9);
    expect(state()).toBe(false);
  });

  it.each([
    ['a limit', { tag: 'windSpeed', above: 18 }],
    ['a condition', { when: 'windSpeed > 18' }],
  ])('raises %s alarm on an uncertain value (a sensor past its range), and never clears it on one', async (_kind, rule) => {
    const e = await craneEngine([{ id: 'wind', ...rule, priority: 'high', message: 'Wind' }]);
    const state = () => e.alarms.get('sts-crane-1/wind')?.active;
    set(e, 'windSpeed', 45, Quality.uncertain);
    expect(state()).toBe(true);
    set(e, 'windSpeed', 5, Quality.uncertain);
    expect(state()).toBe(true); // doubtful news of calm is no ground to clear it
    set(e, 'windSpeed', 5);
    expect(state()).toBe(false);
  });

  it('suppresses an alarm by design while its condition holds, and shows the truth when it ends', async () => {
    const e = await craneEngine([{ id: 'wind', tag: 'windSpeed', above: 18, suppressWhen: 'remoteMode == 0', priority: 'high', message: 'Wind' }]);
    set(e, 'remoteMode', false);
    set(e, 'windSpeed', 25);
    expect(e.alarms.get('sts-crane-1/wind')).toMatchObject({ state: 'suppressed', active: true });
    set(e, 'remoteMode', true);
    expect(e.alarms.get('sts-crane-1/wind')).toMatchObject({ state: 'unack-active', active: true, acked: false });
  });

  it('keeps an alarm marked out of service in the site file out of annunciation', async () => {
    const e = await craneEngine([{ id: 'wind', tag: 'windSpeed', above: 18, outOfService: true, priority: 'low', message: 'Wind' }]);
    set(e, 'windSpeed', 25);
    expect(e.alarms.get('sts-crane-1/wind')?.state).toBe('out-of-service');
  });

  it('refuses a site whose suppression names an unknown tag, or whose delay is negative', async () => {
    const error = (await craneEngine([{ id: 'w', tag: 'windSpeed', above: 18, suppressWhen: 'remoteMod == 0', priority: 'low', message: 'W' }]).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('"suppressWhen"');
    expect(error.message).toContain('did you mean \\"remoteMode\\"');
    await expect(craneEngine([{ id: 'w', tag: 'windSpeed', above: 18, onDelayMs: -5, priority: 'low', message: 'W' }])).rejects.toThrow(/onDelayMs/);
  });

  it('holds the state on a NaN reported good (no value) instead of clearing, and never raises a low limit on it', async () => {
    const e = await craneEngine([
      { id: 'wind', tag: 'windSpeed', above: 18, priority: 'low', message: 'Wind' },
      { id: 'load', tag: 'loadWeight', below: 1, priority: 'low', message: 'Load' },
    ]);
    set(e, 'windSpeed', 25);
    set(e, 'windSpeed', Number.NaN);
    set(e, 'loadWeight', Number.NaN);
    expect(e.alarms.get('sts-crane-1/wind')?.active).toBe(true);
    expect(e.alarms.get('sts-crane-1/load')?.active).toBe(false);
  });

  it('a condition alarm (`when:`) holds its state on a NaN reported good, as a limit alarm does', async () => {
    const e = await craneEngine([
      { id: 'wind', when: 'windSpeed > 18', priority: 'low', message: 'Wind' },
      { id: 'load', when: 'loadWeight < 1', priority: 'low', message: 'Load' },
    ]);
    set(e, 'windSpeed', 25);
    set(e, 'loadWeight', 5);
    set(e, 'windSpeed', Number.NaN);
    set(e, 'loadWeight', Number.NaN);
    expect(e.alarms.get('sts-crane-1/wind')?.active).toBe(true);
    expect(e.alarms.get('sts-crane-1/load')?.active).toBe(false);
  });

  it('sees a limit crossed inside the tag\'s deadband (the value kept exact, not published)', async () => {
    // The demo site's windSpeed has a deadband of 0.1: 18.04 is within it of 17.95, so telemetry does not send it.
    const e = await craneEngine([{ id: 'wind', tag: 'windSpeed', above: 18, priority: 'medium', message: 'Wind' }]);
    set(e, 'windSpeed', 17.95);
    expect(e.alarms.get('sts-crane-1/wind')?.active).toBe(false);
    set(e, 'windSpeed', 18.04);
    expect(e.alarms.get('sts-crane-1/wind')?.active).toBe(true);
    set(e, 'windSpeed', 17.97); // and back, inside the band again
    expect(e.alarms.get('sts-crane-1/wind')?.active).toBe(false);
  });

  it('holds the state on a bad-quality value instead of clearing', async () => {
    const e = await craneEngine([{ id: 'wind', tag: 'windSpeed', above: 18, priority: 'low', message: 'Wind' }]);
    set(e, 'windSpeed', 25);
    set(e, 'windSpeed', 3, Quality.bad);
    expect(e.alarms.get('sts-crane-1/wind')?.active).toBe(true);
  });
});
