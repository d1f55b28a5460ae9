/** The overview's stores: recent values in rings (stale as gaps), link/alarm summaries that keep identity while unchanged. */
import { describe, expect, it } from 'vitest';
import { FrameBatcher } from '../../../renderer/stores/frame-batcher';
import { RecentSeries, RecentValues } from '../../../renderer/stores/recent-values';
import { TelemetryStore } from '../../../renderer/stores/telemetry-store';
import { FleetStatusStore } from '../../../renderer/overview/fleet-status';
import { CalmSignals } from '../../../renderer/overview/calm-signal';
import type { LinkStats } from '../../../shared/contract/requests/link';
import type { AlarmInfo } from '../../../shared/contract/requests/alarms';
import { decodeTelemetry, encodeTelemetry, Quality, type TelemetryFrame } from '../../../shared/contract/telemetry';

function frame(seq: number, entries: [number, number, Quality][]): TelemetryFrame {
  const decoded = decodeTelemetry(encodeTelemetry(seq, 1000 + seq, 0, entries.map(([id, value, quality]) => [id, { value, sourceTime: 5, quality }])));
  if ('error' in decoded) throw new Error(decoded.error);
  return decoded;
}

describe('recent values', () => {
  it('records only tracked signals, once per flush, and keeps a stale value as a gap', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    let now = 0;
    const recent = new RecentValues(store, () => now);
    store.apply(frame(1, [[0, 1.5, Quality.good], [1, 7, Quality.good]]), () => undefined);
    const series = recent.track(0);
    expect(recent.track(0)).toBe(series); // idempotent
    expect(series.count).toBe(1); // the value known when tracking began
    now = 100;
    store.apply(frame(2, [[0, 2.5, Quality.good], [1, 8, Quality.good]]), () => undefined);
    now = 200;
    store.apply(frame(3, [[0, 2.5, Quality.stale]]), () => undefined);
    expect(series.count).toBe(3);
    expect([...[0, 1, 2].map((i) => series.values[series.index(i)])]).toEqual([1.5, 2.5, Number.NaN]);
    expect(series.times[series.index(2)]).toBe(200);
    expect(recent.get(1)).toBeUndefined();
  });

  it('a new engine link empties every series and hands them out for back-fill again: nothing of the old engine is drawn under a renumbered signal', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    const recent = new RecentValues(store, () => 0);
    store.apply(frame(1, [[0, 12, Quality.good]]), () => undefined);
    const series = recent.track(0);
    expect(recent.takeUnfilled([0])).toEqual([0]);
    expect(series.count).toBe(1);
    const version = series.version;
    store.reset();
    expect(series.count).toBe(0);
    expect(series.version).toBeGreaterThan(version); // the painter redraws it empty
    expect(recent.takeUnfilled([0])).toEqual([0]); // back-filled again from the new engine's history
    store.apply(frame(1, [[0, 1580, Quality.good]]), () => undefined);
    expect([...Array(series.count).keys()].map((i) => series.values[series.index(i)])).toEqual([1580]);
  });

  it('overwrites the oldest sample when the ring is full', () => {
    const series = new RecentSeries(3);
    for (let i = 1; i <= 5; i++) series.push(i, i * 10);
    expect(series.count).toBe(3);
    expect([0, 1, 2].map((i) => series.values[series.index(i)])).toEqual([30, 40, 50]);
    expect(series.version).toBe(5);
  });
});

const stats = (p95: number | undefined, quality: 'good' | 'degraded'): LinkStats => ({
  connectionId: 'c1',
  probe: { periodMs: 100, timeoutMs: 400 },
  silent: false,
  counters: { probes: 1, answered: 1, lost: 0, silences: 0, reconnects: 0 },
  histogramEdgesMs: [],
  windows: [{ windowMs: 10_000, samples: 1, ...(p95 !== undefined ? { p95 } : {}), probesSent: 1, probesLost: 0, lossPct: 0, histogram: [] }],
  history: [],
  equipment: [
    { quality: { equipmentId: 'e1', connectionId: 'c1', quality, since: 0, lossPct: 0 }, jog: { equipmentId: 'e1', fraction: 1, refused: false } },
  ],
});

describe('fleet status', () => {
  it('keeps an equipment link object while its figures are unchanged and notifies only on change', () => {
    const status = new FleetStatusStore();
    let notified = 0;
    status.subscribe(() => notified++);
    expect(status.link('e1').quality).toBe('unknown');
    status.applyStats([stats(12, 'good')]);
    const first = status.link('e1');
    expect(first).toEqual({ quality: 'good', rttMs: 12, lossPct: 0 });
    status.applyStats([stats(12, 'good')]);
    expect(status.link('e1')).toBe(first);
    expect(notified).toBe(1);
    status.applyStats([stats(80, 'degraded')]);
    expect(status.link('e1')).toEqual({ quality: 'degraded', rttMs: 80, lossPct: 0 });
    expect(notified).toBe(2);
  });
});

describe('recent series back-fill', () => {
  it('puts history before the live samples, drops history that overlaps them, and keeps the newest within capacity', () => {
    const series = new RecentSeries(4);
    series.push(100, 1);
    series.push(110, 2);
    series.prepend([50, 60, 70, 105], [5, 6, 7, 99]);
    expect([0, 1, 2, 3].map((i) => series.times[series.index(i)])).toEqual([60, 70, 100, 110]);
    expect([0, 1, 2, 3].map((i) => series.values[series.index(i)])).toEqual([6, 7, 1, 2]);
  });
});

describe('fleet alarm counts', () => {
  const alarm = (id: string, priority: 'urgent' | 'high' | 'medium' | 'low', state: AlarmInfo['state'], acked: boolean): AlarmInfo => ({
    key: `e1/${id}`, equipmentId: 'e1', alarmId: id, priority, message: id, state, active: state.endsWith('active'), acked, since: 0,
  });

  it('counts annunciated alarms by priority, unacknowledged ones, and cleared ones still to acknowledge; shelved not at all', () => {
    const status = new FleetStatusStore();
    status.applyAlarms([
      alarm('a', 'high', 'unack-active', false),
      alarm('b', 'medium', 'ack-active', true),
      alarm('c', 'urgent', 'unack-returned', false),
      alarm('d', 'urgent', 'shelved', false),
    ]);
    expect(status.alarmsOf('e1')).toEqual({ urgent: 0, high: 1, medium: 1, low: 0, unacked: 1, returned: 1 });
    const before = status.alarmsOf('e1');
    status.applyAlarms([
      alarm('a', 'high', 'ack-active', true), // acknowledged
      alarm('b', 'medium', 'ack-active', true),
      alarm('c', 'urgent', 'unack-returned', false),
      alarm('d', 'urgent', 'shelved', false),
    ]);
    expect(status.alarmsOf('e1')).toEqual({ urgent: 0, high: 1, medium: 1, low: 0, unacked: 0, returned: 1 });
    expect(status.alarmsOf('e1')).not.toBe(before);
    expect(status.alarmsOf('other')).toEqual({ urgent: 0, high: 0, medium: 0, low: 0, unacked: 0, returned: 0 });
  });
});

describe('calm signals', () => {
  it('coalesces a signal\'s wake-ups into one per tick and hands out one subscribe function per id', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    const ticks: (() => void)[] = [];
    const calm = new CalmSignals(store, (flush) => ticks.push(flush));
    expect(calm.subscriber(0)).toBe(calm.subscriber(0));
    let woken = 0;
    const off = calm.subscriber(0)(() => woken++);
    for (let i = 1; i <= 5; i++) store.apply(frame(i, [[0, i, Quality.good], [1, i, Quality.good]]), () => undefined);
    expect(woken).toBe(0);
    expect(ticks).toHaveLength(1);
    ticks.shift()!();
    expect(woken).toBe(1);
    off();
    store.apply(frame(6, [[0, 6, Quality.good]]), () => undefined);
    expect(ticks).toHaveLength(0);
  });
});
