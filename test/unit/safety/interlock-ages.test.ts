/**
 * The gate judges interlock and remote-mode inputs by age as well as quality: a value still "good" but unconfirmed
 * for longer than its tag's staleAfterMs (shared/site/stale-after.ts, what the screen dims by) is stale, so the
 * interlock is unknown and the gate refuses. On a link slower than the scan plan needs, the limit is what the link
 * takes now (two of the class's recent cycles and the timeout), so values as fresh as that link can make them stay
 * usable, and a scan that stops completing cycles still lets them age out.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Quality } from '../../../shared/contract/telemetry';
import { SiteFile } from '../../../shared/site/schema';
import { staleAfterMs } from '../../../shared/site/stale-after';
import type { TagBinding } from '../../../main/engine/drivers/driver';
import { EquipmentIndex } from '../../../main/engine/safety/equipment-index';
import { SiteConditions } from '../../../main/engine/safety/interlocks';

const EQ = 'sts-crane-1';
const demo = parse(readFileSync('main/sim/demo-site.yaml', 'utf8')) as { connections: { id: string }[]; equipment: { id: string }[] };
const site = SiteFile.parse({ ...demo, connections: demo.connections.filter((c) => c.id === 'crane-plc'), equipment: demo.equipment.filter((e) => e.id === EQ) });
const equipment = site.equipment[0]!;
const bindings: TagBinding[] = Object.entries(equipment.tags).map(([name, tag], signalId) => ({ signalId, equipmentId: EQ, unitId: 1, name, tag }));
const idOf = (name: string) => bindings.find((b) => b.name === name)!.signalId;
/** What lets the jogs through: remote, no fault, calm wind, twistlocks locked and not moving, no load. */
const allowing: Record<string, number> = { remoteMode: 1, anyFault: 0, windHigh: 0, twistlocksUnlocked: 0, loadWeight: 0, twistlockState: 1 };

function conditions(ageMs: (name: string) => number, cycleOf: (connectionId: string, scanClass: string) => number | undefined = () => undefined, now = 1_000_000) {
  const values = new Map(Object.entries(allowing).map(([name, value]) => [idOf(name), { value, quality: Quality.good, confirmTime: now - ageMs(name) }]));
  return new SiteConditions(site, new EquipmentIndex(site, new Map([['crane-plc', bindings]])), (id) => values.get(id), cycleOf, () => now);
}
const limitOf = (name: string) => staleAfterMs(equipment.tags[name]!, site.connections[0]!, site.scanClasses);
const verdictOf = (c: SiteConditions, command: string) => c.interlocks(EQ, command).map((i) => i.verdict().state);

describe('interlock inputs by age', () => {
  it('allows on inputs confirmed within their tags’ limits', () => {
    const c = conditions((name) => limitOf(name) - 1);
    expect(verdictOf(c, 'hoistJog')).toEqual(['allow', 'allow', 'allow', 'allow']);
    expect(c.remote(EQ)).toBe(true);
  });

  it('is unknown once an input has gone unconfirmed past its limit, though its quality is still good', () => {
    const c = conditions((name) => (name === 'windHigh' ? limitOf(name) + 1 : 0));
    expect(verdictOf(c, 'trolleyJog')).toEqual(['allow', 'allow', 'unknown']);
    expect(c.interlocks(EQ, 'trolleyJog')[2]?.verdict()).toEqual({ state: 'unknown', inputs: ['windHigh'] });
    expect(verdictOf(c, 'hoistJog')).toEqual(['allow', 'allow', 'allow', 'allow']); // the hoist does not read the wind
  });

  it('takes the remote mode as unknown when its input is old', () => {
    expect(conditions((name) => (name === 'remoteMode' ? limitOf(name) + 1 : 0)).remote(EQ)).toBe('unknown');
  });

  it('proves nothing with a confirmation time ahead of the clock (the clock stepped back)', () => {
    expect(conditions((name) => (name === 'anyFault' ? -(limitOf(name) + 1) : 0)).interlocks(EQ, 'hoistJog')[1]?.verdict().state).toBe('unknown');
  });

  it('on a link slower than the plan, allows what two of the class’s recent cycles and the timeout take, and no more', () => {
    const slowLink = (_: string, scanClass: string) => (scanClass === 'normal' ? 2000 : undefined); // windHigh's class
    const within = conditions((name) => (name === 'windHigh' ? 2 * 2000 + 1000 - 1 : 0), slowLink);
    expect(limitOf('windHigh')).toBeLessThan(2 * 2000 + 1000 - 1); // past the screen's limit, within the link's
    expect(within.interlocks(EQ, 'trolleyJog')[2]?.verdict().state).toBe('allow');
    const beyond = conditions((name) => (name === 'windHigh' ? 2 * 2000 + 1000 + 1 : 0), slowLink);
    expect(beyond.interlocks(EQ, 'trolleyJog')[2]?.verdict().state).toBe('unknown');
    // Cycles quicker than the period change nothing: the screen's limit holds.
    const quick = conditions((name) => (name === 'windHigh' ? limitOf(name) + 1 : 0), () => 5);
    expect(quick.interlocks(EQ, 'trolleyJog')[2]?.verdict().state).toBe('unknown');
  });

  it('uses the screen’s limit: two scan periods and the timeout for a polled tag', () => {
    expect(limitOf('anyFault')).toBe(2 * 100 + 1000); // fast class, the crane's 1 s timeout
  });
});
