/**
 * The gate judges interlock and remote-mode inputs by age as well as quality, by the rule the screen dims values by
 * (shared/site/stale-after.ts): a value still "good" but unconfirmed for longer than its tag's staleAfterMs, on its
 * own connection, is stale, so the interlock is unknown and the gate refuses. Ages come from the store's steady
 * clock (SignalStore.confirmAge), which a wall clock stepped back cannot fool.
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
import { SignalStore } from '../../../main/engine/telemetry/signal-store';

const EQ = 'sts-crane-1';
const demo = parse(readFileSync('main/sim/demo-site.yaml', 'utf8')) as { connections: { id: string }[]; equipment: { id: string }[] };
const crane = SiteFile.parse({ ...demo, connections: demo.connections.filter((c) => c.id === 'crane-plc'), equipment: demo.equipment.filter((e) => e.id === EQ) });

/** Bindings for every tag of every equipment of `site`, signal ids in order. */
function bindingsOf(site: SiteFile): Map<string, TagBinding[]> {
  const byConnection = new Map<string, TagBinding[]>();
  let signalId = 0;
  for (const eq of site.equipment) {
    const list = byConnection.get(eq.connection) ?? [];
    for (const [name, tag] of Object.entries(eq.tags)) list.push({ signalId: signalId++, equipmentId: eq.id, unitId: 1, name, tag });
    byConnection.set(eq.connection, list);
  }
  return byConnection;
}

/** Conditions on `site` with every tag good at `values` (default 0), each confirmed `ageMs(equipment, tag)` ago. */
function conditions(site: SiteFile, values: Record<string, number>, ageMs: (equipment: string, tag: string) => number) {
  const bindings = [...bindingsOf(site).values()].flat();
  const byId = new Map(bindings.map((b) => [b.signalId, b]));
  return new SiteConditions(
    site,
    new EquipmentIndex(site, bindingsOf(site)),
    (id) => (byId.has(id) ? { value: values[byId.get(id)?.name ?? ''] ?? 0, quality: Quality.good } : undefined),
    (id) => ageMs(byId.get(id)?.equipmentId ?? '', byId.get(id)?.name ?? ''),
  );
}
/** What lets the crane's jogs through: remote, no fault, calm wind, twistlocks locked and not moving, no load. */
const allowing = { remoteMode: 1, anyFault: 0, windHigh: 0, twistlocksUnlocked: 0, loadWeight: 0, twistlockState: 1 };
const limitOf = (tag: string) => staleAfterMs(crane.equipment[0]!.tags[tag]!, crane.connections[0]!, crane.scanClasses);
const verdicts = (c: SiteConditions, command: string, equipment = EQ) => c.interlocks(equipment, command).map((i) => i.verdict().state);

describe('interlock inputs by age', () => {
  it('allows on inputs confirmed within their tags’ limits', () => {
    const c = conditions(crane, allowing, (_, tag) => limitOf(tag) - 1);
    expect(verdicts(c, 'hoistJog')).toEqual(['allow', 'allow', 'allow', 'allow']);
    expect(c.remote(EQ)).toBe(true);
  });

  it('is unknown on an input that reads NaN with good quality (a value the device could not give)', () => {
    const c = conditions(crane, { ...allowing, windHigh: Number.NaN }, () => 0);
    expect(c.interlocks(EQ, 'trolleyJog')[2]?.verdict()).toEqual({ state: 'unknown', inputs: ['windHigh'] });
  });

  it('is unknown once an input has gone unconfirmed past its limit, though its quality is still good', () => {
    const c = conditions(crane, allowing, (_, tag) => (tag === 'windHigh' ? limitOf(tag) + 1 : 0));
    expect(verdicts(c, 'trolleyJog')).toEqual(['allow', 'allow', 'unknown']);
    expect(c.interlocks(EQ, 'trolleyJog')[2]?.verdict()).toEqual({ state: 'unknown', inputs: ['windHigh'] });
    expect(verdicts(c, 'hoistJog')).toEqual(['allow', 'allow', 'allow', 'allow']); // the hoist does not read the wind
  });

  it('takes the remote mode as unknown when its input is old, and a value never confirmed as unknown', () => {
    expect(conditions(crane, allowing, (_, tag) => (tag === 'remoteMode' ? limitOf(tag) + 1 : 0)).remote(EQ)).toBe('unknown');
    expect(conditions(crane, allowing, (_, tag) => (tag === 'anyFault' ? Number.POSITIVE_INFINITY : 0)).interlocks(EQ, 'hoistJog')[1]?.verdict().state).toBe('unknown');
  });

  it('uses the screen’s limit: two scan periods and the timeout for a polled tag', () => {
    expect(limitOf('anyFault')).toBe(2 * 100 + 1000); // fast class, the crane's 1 s timeout
  });

  it('judges an input of another equipment by its own connection’s limit; an OPC UA input by its keep-alive', () => {
    const site = SiteFile.parse({
      site: { name: 't' },
      scanClasses: { fast: { periodMs: 100 } },
      connections: [
        { id: 'slow-plc', protocol: 'modbus-tcp', host: '127.0.0.1', timeoutMs: 2000 },
        { id: 'quick-plc', protocol: 'modbus-tcp', host: '127.0.0.1', timeoutMs: 200 },
        { id: 'ua', protocol: 'opcua', endpoint: 'opc.tcp://127.0.0.1:4840', security: { mode: 'None', policy: 'None' }, user: { kind: 'anonymous' }, timeoutMs: 500 },
      ],
      equipment: [
        {
          id: 'hoist', name: 'Hoist', type: 'generic', connection: 'slow-plc',
          tags: { up: { address: 'coil:0', type: 'bool', writable: true, scanClass: 'fast' } },
          commands: { stop: { kind: 'pulse', tag: 'up', value: false }, raise: { kind: 'pulse', tag: 'up' } },
          interlocks: [
            { id: 'gate-closed', allowWhen: 'fence.closed == 1', blocks: ['raise'], reason: 'The fence gate is open' },
            { id: 'ua-ready', allowWhen: 'cell.ready == 1', blocks: ['raise'], reason: 'The cell is not ready' },
          ],
        },
        { id: 'fence', name: 'Fence', type: 'generic', connection: 'quick-plc', tags: { closed: { address: 'discrete:0', type: 'bool', scanClass: 'fast' } } },
        { id: 'cell', name: 'Cell', type: 'generic', connection: 'ua', tags: { ready: { address: 'ns=1;s=Ready', type: 'bool', scanClass: 'fast' } } },
      ],
    });
    const at = (ms: Record<string, number>) => conditions(site, { closed: 1, ready: 1 }, (eq) => ms[eq] ?? 0);
    // The fence's link: 2 × 100 + 200 = 400 ms (the hoist's own would allow 2,200).
    expect(verdicts(at({ fence: 399 }), 'raise', 'hoist')).toEqual(['allow', 'allow']);
    expect(verdicts(at({ fence: 401 }), 'raise', 'hoist')).toEqual(['unknown', 'allow']);
    // OPC UA: ten publishing intervals (its keep-alive) and the timeout: 10 × 100 + 500.
    expect(verdicts(at({ cell: 1499 }), 'raise', 'hoist')).toEqual(['allow', 'allow']);
    expect(verdicts(at({ cell: 1501 }), 'raise', 'hoist')).toEqual(['allow', 'unknown']);
  });
});

describe('SignalStore.confirmAge', () => {
  it('counts on the steady clock: a wall clock stepped back makes no old value look fresh', () => {
    let wall = 1_000_000;
    let steady = 50_000;
    const store = new SignalStore(() => wall, () => steady);
    expect(store.confirmAge(0)).toBe(Number.POSITIVE_INFINITY); // nothing yet
    store.apply([{ signalId: 0, value: 1, quality: Quality.good, sourceTime: wall }]);
    wall -= 60_000; // NTP steps the wall clock back a minute
    steady += 59_000;
    expect(store.confirmAge(0)).toBe(59_000);
    expect(wall - (store.get(0)?.confirmTime ?? 0)).toBeLessThan(0); // what the wall clock would have said
    store.apply([{ signalId: 0, value: 1, quality: Quality.good, sourceTime: wall }]); // confirmed again, unchanged
    steady += 10;
    expect(store.confirmAge(0)).toBe(10);
    store.confirm([0]);
    expect(store.confirmAge(0)).toBe(0);
  });

  it('does not count a stale marker or a bad value as a confirmation', () => {
    let steady = 10;
    const store = new SignalStore(Date.now, () => steady);
    store.apply([{ signalId: 0, value: 1, quality: Quality.good, sourceTime: 0 }]);
    steady = 500;
    store.apply([{ signalId: 0, value: Number.NaN, quality: Quality.stale, sourceTime: 0 }]);
    store.apply([{ signalId: 1, value: Number.NaN, quality: Quality.bad, sourceTime: 0 }]);
    expect(store.confirmAge(0)).toBe(490);
    expect(store.confirmAge(1)).toBe(Number.POSITIVE_INFINITY);
  });
});
