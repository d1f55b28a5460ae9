/**
 * Alarms judge their inputs by age as well as quality, by the rule the screen dims values by and the gate refuses
 * on (shared/site/stale-after.ts): a value still "good" but unconfirmed past its tag's staleAfterMs is stale. An
 * on-delay waiting to complete when its input ages out (no change event comes for that) starts over, rather than
 * raising the alarm on a value nobody has confirmed since.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Quality } from '../../../shared/contract/telemetry';
import { SiteFile } from '../../../shared/site/schema';
import { staleAfterMs } from '../../../shared/site/stale-after';
import type { TagBinding } from '../../../main/engine/drivers/driver';
import { compileAlarms } from '../../../main/engine/alarms/alarm-defs';
import { AlarmService } from '../../../main/engine/alarms/alarm-service';
import { EquipmentIndex } from '../../../main/engine/safety/equipment-index';

const EQ = 'sts-crane-1';
type DemoEquipment = { id: string; alarms: Record<string, unknown>[] };
const demo = parse(readFileSync('main/sim/demo-site.yaml', 'utf8')) as { connections: { id: string }[]; equipment: DemoEquipment[] };
const craneOnly = demo.equipment.find((e) => e.id === EQ) as DemoEquipment;
const site = SiteFile.parse({
  ...demo,
  connections: demo.connections.filter((c) => c.id === 'crane-plc'),
  equipment: [
    {
      ...craneOnly,
      alarms: [
        ...craneOnly.alarms.map((a) => (a.id === 'overload' ? { ...a, onDelayMs: 500 } : a)),
        { id: 'gusty-unlocked', when: 'windSpeed > 18 and twistlocksUnlocked == 1', priority: 'low', message: 'Gusts with twistlocks unlocked' },
      ],
    },
  ],
});

const bindings: TagBinding[] = Object.entries(site.equipment[0]!.tags).map(([name, tag], signalId) => ({ signalId, equipmentId: EQ, unitId: 1, name, tag }));
const idOf = (tag: string) => bindings.find((b) => b.name === tag)!.signalId;
const limitOf = (tag: string) => staleAfterMs(site.equipment[0]!.tags[tag]!, site.connections[0]!, site.scanClasses);

let now = 10_000;
const values = new Map<string, number>();
const ages = new Map<string, number>();
const services: AlarmService[] = [];
afterEach(() => services.splice(0).forEach((s) => s.close()));

/** Every tag good at `values` (default 0), confirmed `ages` ago (default 0). */
function compiled() {
  const nameOf = (id: number) => bindings[id]?.name ?? '';
  return compileAlarms(
    site,
    new EquipmentIndex(site, new Map([['crane-plc', bindings]])),
    (id) => (bindings[id] ? { value: values.get(nameOf(id)) ?? 0, quality: Quality.good, sourceTime: now } : undefined),
    (id) => ages.get(nameOf(id)) ?? 0,
  );
}
const conditionOf = (defs: ReturnType<typeof compiled>, alarmId: string) => defs.find((d) => d.alarmId === alarmId)?.condition?.(false);

describe('alarm inputs by age', () => {
  it('a limit or an expression on an input confirmed within its limit is known; past it, unknown', () => {
    values.set('loadWeight', 70).set('windSpeed', 20).set('twistlocksUnlocked', 1);
    const defs = compiled();
    ages.set('loadWeight', limitOf('loadWeight') - 1).set('windSpeed', limitOf('windSpeed') - 1);
    expect(conditionOf(defs, 'overload')).toBe(true);
    expect(conditionOf(defs, 'gusty-unlocked')).toBe(true);
    ages.set('loadWeight', limitOf('loadWeight') + 1).set('windSpeed', limitOf('windSpeed') + 1);
    expect(conditionOf(defs, 'overload')).toBeUndefined();
    expect(conditionOf(defs, 'gusty-unlocked')).toBeUndefined();
    ages.clear();
    values.clear();
  });

  it('an on-delay does not complete on an input that aged out while it waited: it starts over on the next confirmation', () => {
    const service = new AlarmService(compiled(), () => now, () => undefined);
    services.push(service);
    const tick = () => (service as unknown as { tick(): void }).tick();
    values.set('loadWeight', 70);
    service.signalChanged(idOf('loadWeight')); // 70 t > 65 t: the 500 ms on-delay starts
    now += 300;
    ages.set('loadWeight', limitOf('loadWeight') + 1); // the scan starves: no answer, no change event
    now += 300;
    tick();
    expect(service.get(`${EQ}/overload`)?.state).toBe('normal');
    // Confirmed again, still 70 t: a confirmation is no change, so no change event comes; the next tick finds the
    // input known and the delay starts over from there.
    ages.set('loadWeight', 0);
    tick();
    now += 400;
    tick();
    expect(service.get(`${EQ}/overload`)?.state).toBe('normal');
    now += 200;
    tick();
    expect(service.get(`${EQ}/overload`)?.state).toBe('unack-active');
    values.clear();
    ages.clear();
  });
});
