/** The link store's pure parts: the chart history merge and the quality transitions kept from events and polls. */
import { describe, expect, it } from 'vitest';
import { linkFigures } from '../../../renderer/equipment/link-figures';
import { LinkStore } from '../../../renderer/link/link-store';
import { appendHistory, type RttHistory } from '../../../renderer/link/rtt-history';

const point = (s: number, p50: number | null) => ({ at: s * 1000, p50, p95: p50 === null ? null : p50 + 1, max: p50 === null ? null : p50 + 2 });
const empty = (): RttHistory => ({ at: [], p50: [], p95: [], max: [] });

describe('RTT history merge', () => {
  it('appends newer points in seconds, replaces the still-filling last one, and keeps the newest `keep`', () => {
    const h = empty();
    expect(appendHistory(h, [point(1, 10), point(2, 11), point(3, 12)], 4)).toBe(3);
    expect(appendHistory(h, [point(2, 99), point(3, 13), point(4, 14), point(5, null)], 4)).toBe(2);
    expect(h.at).toEqual([2, 3, 4, 5]);
    expect(h.p50).toEqual([11, 13, 14, null]); // second 2 was complete (not replaced), 3 was refilled, a gap stays a gap
    expect(h.max).toEqual([13, 15, 16, null]);
  });
});

describe('link store quality transitions', () => {
  const event = (quality: 'good' | 'lost' | 'degraded', since: number) => ({ equipmentId: 'crane', connectionId: 'plc', quality, since, lossPct: 0, ...(quality === 'lost' ? { reason: { code: 'link-down', text: 'The connection is down' } } : {}) });

  it('records a transition only when the level changes, newest first, and notifies on every change', () => {
    const store = new LinkStore();
    let notified = 0;
    store.subscribe(() => notified++);
    store.recordQuality(event('good', 1000));
    store.recordQuality(event('good', 1000)); // the same level again from a poll: no new transition
    store.recordQuality(event('lost', 2000));
    store.recordQuality(event('good', 3500));
    const snapshot = store.getSnapshot();
    expect(snapshot.transitions.get('crane')?.map((t) => [t.quality, t.since])).toEqual([
      ['good', 3500],
      ['lost', 2000],
      ['good', 1000],
    ]);
    expect(snapshot.transitions.get('crane')?.[1]?.reason?.code).toBe('link-down');
    expect(snapshot.quality.get('crane')?.quality).toBe('good');
    expect(notified).toBe(4);
  });

  it('keeps at most 50 transitions', () => {
    const store = new LinkStore();
    for (let i = 0; i < 60; i++) store.recordQuality(event(i % 2 === 0 ? 'good' : 'degraded', i));
    expect(store.getSnapshot().transitions.get('crane')).toHaveLength(50);
    expect(store.getSnapshot().transitions.get('crane')?.[0]?.since).toBe(59);
  });
});

describe('panel link figures from the store', () => {
  it('quality and jog limit by equipment, nothing before the first report, the latest jog event wins', () => {
    const store = new LinkStore();
    expect(linkFigures(store.getSnapshot(), 'crane', 'plc')).toEqual({});
    store.recordQuality({ equipmentId: 'crane', connectionId: 'plc', quality: 'unsafe', since: 1, lossPct: 0, rttP95Ms: 300 });
    store.recordJog({ equipmentId: 'crane', fraction: 0.5, refused: false, rttMs: 90 });
    store.recordJog({ equipmentId: 'crane', fraction: 0, refused: true, rttMs: 300, reason: { code: 'rtt-unsafe', text: 'too slow' } });
    const figures = linkFigures(store.getSnapshot(), 'crane', 'plc');
    expect(figures.quality).toBe('unsafe');
    expect(figures.qualityEvent?.rttP95Ms).toBe(300);
    expect(figures.jog).toMatchObject({ fraction: 0, refused: true });
    expect(figures.rttP50Ms).toBeUndefined(); // no stats polled yet
    expect(linkFigures(store.getSnapshot(), 'rig', 'plc')).toEqual({});
  });
});
