/**
 * The link store's pure parts: the chart history merge and the quality transitions kept from events and polls; figures
 * the engine stopped confirming are not shown as current.
 */
import { fileURLToPath } from 'node:url';
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ContractClient } from '../../../shared/contract/client';
import { linkFigures, type LinkFigures } from '../../../renderer/equipment/link-figures';
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

describe('link figures the engine stopped confirming', () => {
  /** A store on a client whose `link.stats` answers once, then hangs (a stalled engine on an open socket). */
  function stallingStore() {
    let now = 0;
    let answered = 0;
    const reply = { links: [{ connectionId: 'plc', windows: [{ seconds: 10, p50: 12, p95: 18 }], history: [], equipment: [{ quality: { equipmentId: 'crane', connectionId: 'plc', quality: 'good', since: 0, lossPct: 0, rttP95Ms: 18 }, jog: { equipmentId: 'crane', fraction: 1, refused: false, rttMs: 18 } }] }] };
    const client = {
      on: () => () => undefined,
      request: () => (answered++ === 0 ? Promise.resolve(reply) : new Promise(() => undefined)),
    } as unknown as ContractClient;
    const store = new LinkStore(() => now);
    return { store, client, advance: (ms: number) => (now += ms) };
  }

  it('are marked silent after three seconds without a word, counted in whole seconds, and current again on the next word', async () => {
    const { store, client, advance } = stallingStore();
    store.attach(client);
    await Promise.resolve();
    await Promise.resolve();
    expect(linkFigures(store.getSnapshot(), 'crane', 'plc')).toMatchObject({ quality: 'good', rttP95Ms: 18 });
    advance(2900);
    store.checkSilence();
    expect(store.getSnapshot().silentMs).toBeUndefined();
    advance(1500);
    store.checkSilence();
    expect(store.getSnapshot().silentMs).toBe(4000);
    // Nothing of the old figures is given to a panel while silent: no quality, no RTT, no jog limit.
    expect(linkFigures(store.getSnapshot(), 'crane', 'plc')).toEqual({ silentMs: 4000 });
    store.recordQuality({ equipmentId: 'crane', connectionId: 'plc', quality: 'degraded', since: 5, lossPct: 2 });
    expect(store.getSnapshot().silentMs).toBeUndefined();
    expect(linkFigures(store.getSnapshot(), 'crane', 'plc').quality).toBe('degraded');
    store.attach(undefined);
  });

  it('the panel line says the link is not known, and why, with no round-trip figures', async () => {
    const { LinkLine } = (await import(fileURLToPath(new URL('../../../renderer/equipment/LinkLine.tsx', import.meta.url)))) as { LinkLine: FunctionComponent<{ link: LinkFigures }> };
    const html = renderToStaticMarkup(createElement(LinkLine, { link: { silentMs: 7000 } }));
    expect(html).toContain('quality-silent');
    expect(html).toContain('Link not known — the engine has said nothing of it for 7 s');
    expect(html).toContain('p50 — ms · p95 — ms');
  });
});
