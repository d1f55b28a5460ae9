/**
 * Alarm counts on the overview are known only from the engine's alarm list on: before it is read, and while the engine
 * link is lost, a tile shows no number and its colour class never says calm; the fleet line does not say "all good"
 * (the store, then the tile rendered to markup).
 */
import { fileURLToPath } from 'node:url';
import { createElement, type Context, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ContractClient } from '../../../shared/contract/client';
import type { AlarmInfo } from '../../../shared/contract/requests/alarms';
import type { EquipmentSummary } from '../../../shared/contract/requests/core';
import { AlarmStore } from '../../../renderer/alarms/alarm-store';
import { FleetStatusStore } from '../../../renderer/overview/fleet-status';
import { FrameBatcher } from '../../../renderer/stores/frame-batcher';
import { ServicesContext, type AppServices } from '../../../renderer/stores/hooks';
import { SessionStore } from '../../../renderer/stores/session-store';
import { TelemetryStore } from '../../../renderer/stores/telemetry-store';

// TSX and DOM-typed modules, compiled for the browser project: loaded by path so this (node) project's type-check skips them.
const load = async <T>(path: string): Promise<T> => (await import(fileURLToPath(new URL(path, import.meta.url)))) as T;
const { EquipmentTile } = await load<{ EquipmentTile: FunctionComponent<Record<string, unknown>> }>('../../../renderer/overview/EquipmentTile.tsx');
const { FleetSummary } = await load<{ FleetSummary: FunctionComponent }>('../../../renderer/overview/Overview.tsx');
const { useFleet } = await load<{ useFleet(): { status: FleetStatusStore } }>('../../../renderer/overview/fleet-hooks.ts');
const { AlarmContext } = await load<{ AlarmContext: Context<{ alarms: AlarmStore; sound: never } | null> }>('../../../renderer/alarms/alarm-context.ts');

const CRANE: EquipmentSummary = { id: 'crane', name: 'Crane', type: 'sts-crane', connectionId: 'plc', protocol: 'modbus-tcp', tags: [], keyTags: [], commands: [] };
const HIGH: AlarmInfo = { key: 'crane/wind', equipmentId: 'crane', alarmId: 'wind', priority: 'high', message: 'wind', state: 'unack-active', active: true, acked: false, since: 0 };

/** A client whose `alarms.list` answers only when the test says so, and whose other requests never answer. */
function slowClient() {
  let answer: (alarms: AlarmInfo[]) => void = () => undefined;
  const client = {
    on: () => () => undefined,
    request: (name: string) => (name === 'alarms.list' ? new Promise((resolve) => (answer = (alarms) => resolve({ alarms }))) : new Promise(() => undefined)),
  } as unknown as ContractClient;
  return { client, answer: (alarms: AlarmInfo[]) => answer(alarms) };
}

/** The window's alarm store, attached to a client whose list answered `alarms`. */
async function alarmStoreWith(alarms: AlarmInfo[]): Promise<AlarmStore> {
  const store = new AlarmStore();
  const { client, answer } = slowClient();
  store.attach(client);
  answer(alarms);
  await Promise.resolve();
  await Promise.resolve();
  return store;
}

/** The app's stores, the engine link `engine`, and the overview's status store as the tiles use it (with the window's alarm store, when given). */
function app(engine: 'connected' | 'lost', alarms?: AlarmStore) {
  const session = new SessionStore();
  session.setSite('site', [CRANE], []);
  session.setEngine(engine);
  session.setConnection({ connectionId: 'plc', state: 'connected', since: 0 } as never);
  const services: AppServices = { client: undefined, session, telemetry: new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run())) };
  let status: FleetStatusStore | undefined;
  const Grab = () => ((status = useFleet().status), null);
  const withAlarms = (node: ReturnType<typeof createElement>) => (alarms ? createElement(AlarmContext.Provider, { value: { alarms, sound: undefined as never } }, node) : node);
  const render = (node: ReturnType<typeof createElement>) => renderToStaticMarkup(createElement(ServicesContext.Provider, { value: services }, withAlarms(node)));
  render(createElement(Grab));
  const tile = (engineLive: boolean) => render(createElement(EquipmentTile, { equipment: CRANE, status: session.getSnapshot().connections.get('plc'), control: undefined, signalIds: new Map(), engineLive }));
  return { status: status as FleetStatusStore, tile, overview: () => render(createElement(FleetSummary)) };
}

describe('alarm counts known only from the engine\'s list on', () => {
  it('the store: unknown before the window\'s alarm store has the list, known from it, unknown while the link is lost', async () => {
    const alarms = new AlarmStore();
    const status = new FleetStatusStore();
    let notified = 0;
    status.subscribe(() => notified++);
    const stop = status.followAlarms(alarms);
    expect(status.alarmsOf('crane')).toBeUndefined();
    const { client, answer } = slowClient();
    alarms.attach(client);
    expect(status.alarmsOf('crane')).toBeUndefined();
    answer([HIGH]);
    await Promise.resolve();
    await Promise.resolve();
    expect(status.alarmsOf('crane')).toMatchObject({ high: 1, unacked: 1 });
    expect(status.alarmsOf('other')).toMatchObject({ urgent: 0, high: 0 }); // known: none
    alarms.applyTransition({ ...HIGH, state: 'ack-active', acked: true, at: 5, previous: 'unack-active', user: 'operator' });
    expect(status.alarmsOf('crane')).toMatchObject({ high: 1, unacked: 0 });
    const before = notified;
    alarms.attach(undefined); // the engine link went: changes from now on are not heard
    expect(status.alarmsOf('crane')).toBeUndefined();
    expect(notified).toBe(before + 1); // the tiles re-render to say so
    stop();
  });

  it('an overview opened after the list was read knows the counts at once (no unknown flash)', async () => {
    const alarms = await alarmStoreWith([HIGH]);
    const status = new FleetStatusStore(); // the overview opens now
    const stop = status.followAlarms(alarms);
    expect(status.alarmsOf('crane')).toMatchObject({ high: 1 });
    stop(); // the overview closes: what it showed is no longer followed
    expect(status.alarmsOf('crane')).toBeUndefined();
  });

  it('a list read again replaces what was known (an alarm the engine no longer has is gone)', () => {
    const status = new FleetStatusStore();
    status.applyAlarms([HIGH]);
    status.applyAlarms([]);
    expect(status.alarmsOf('crane')).toMatchObject({ high: 0, unacked: 0 });
  });

  it('the tile with the engine link lost: no count, says unknown, not calm', () => {
    const { status, tile } = app('lost');
    status.applyAlarms([]); // the last list heard said "none"
    const html = tile(false);
    expect(html).toContain('data-testid="tile-alarms-unknown"');
    expect(html).toContain('alarms unknown: no engine link');
    expect(html).not.toContain('No active alarms');
    expect(html).not.toContain('tile-calm');
  });

  it('the tile before the list is read: says so, class unknown (not calm); once read: the counts', () => {
    const { status, tile } = app('connected');
    const before = tile(true);
    expect(before).toContain('alarms unknown: not read from the engine yet');
    expect(before).toContain('tile-unknown');
    expect(before).not.toContain('tile-calm');
    status.applyAlarms([]);
    const none = tile(true);
    expect(none).toContain('No active alarms');
    expect(none).toContain('tile-calm');
    status.applyAlarms([HIGH]);
    expect(tile(true)).toContain('1 high');
    expect(tile(true)).toContain('tile-alarm');
  });

  it('an overview rendered in a window whose alarm store has the list shows the counts from its first frame', async () => {
    const alarms = await alarmStoreWith([HIGH]);
    const { overview, tile } = app('connected', alarms); // the overview's stores are made now, with the list read
    expect(overview()).toContain('1 with active alarms');
    expect(tile(true)).toContain('1 high');
  });

  it('a list read that failed with the link up is not final: read again, the counts are known', async () => {
    let calls = 0;
    const client = {
      on: () => () => undefined,
      request: () => (++calls === 1 ? Promise.reject(new Error('timeout')) : Promise.resolve({ alarms: [HIGH] })),
    } as unknown as ContractClient;
    const alarms = new AlarmStore();
    const { status } = app('connected', alarms);
    alarms.attach(client);
    await new Promise((r) => setTimeout(r, 0));
    expect(status.alarmsOf('crane')).toBeUndefined();
    alarms.refresh(); // what an overview opened now does (useFollowFleet)
    await new Promise((r) => setTimeout(r, 0));
    expect(status.alarmsOf('crane')).toMatchObject({ high: 1 });
  });

  it('the fleet line never says "all good" on counts it does not know', () => {
    const lost = app('lost');
    lost.status.applyAlarms([]);
    expect(lost.overview()).toContain('Alarms and links unknown: no engine link');
    expect(lost.overview()).not.toContain('All links good');
    const pending = app('connected');
    expect(pending.overview()).toContain('Alarms not read from the engine yet');
    expect(pending.overview()).not.toContain('All links good');
  });
});
