/**
 * The renderer's link store and clock sync against a real engine: the crane simulator behind the link lab (5g-good,
 * 10 ms round trip), the store polling `link.stats` as the header does (brief) and as the link page does (history and
 * every window), and an outage seen as quality transitions. The engine and this client share one clock here, so the
 * clock offset from `link.clock` must come out within its own error bound of zero.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLinkProxy, type LinkProxy } from '../../../main/sim/link-lab';
import { ClockSync } from '../../../renderer/link/clock-sync';
import { LinkStore } from '../../../renderer/link/link-store';
import { linkFigures } from '../../../renderer/equipment/link-figures';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { pollUntil } from '../sim/sim-clients';

const CONN = 'crane-plc';
const EQ = 'sts-crane-1';
let crane: Awaited<ReturnType<typeof startCrane>>;
let proxy: LinkProxy;
let c: Console;
const store = new LinkStore();

beforeAll(async () => {
  crane = await startCrane();
  proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: '5g-good', seed: 7 });
  c = await startConsole(await craneSite(proxy.port), 341, false, 'console-store');
  await waitConnected(c);
}, 60_000);

afterAll(async () => {
  store.attach(undefined);
  await c?.stop();
  await proxy?.close();
  await crane?.stop();
});

const snapshot = async () => store.getSnapshot();

it('polls brief figures for the header, and every window with history while a view wants it', async () => {
  store.attach(c.client);
  const header = await pollUntil(snapshot, (s) => (s.stats.get(CONN)?.windows[0]?.samples ?? 0) >= 20 && s.quality.get(EQ)?.quality === 'good', 15_000, 50);
  expect(header.stats.get(CONN)?.windows.map((w) => w.windowMs)).toEqual([10_000]);
  expect(header.stats.get(CONN)?.windows[0]?.p50).toBeGreaterThan(9);
  expect(header.stats.get(CONN)?.windows[0]?.p50).toBeLessThan(25);
  expect(header.lab).toBeUndefined(); // no lab control handed to this engine
  // The panels read their figures from the same snapshot (no poller of their own): RTT, quality and the jog limit.
  const panel = linkFigures(await pollUntil(snapshot, (s) => s.jog.has(EQ), 5_000, 50), EQ, CONN);
  expect(panel.rttP50Ms).toBeGreaterThan(9);
  expect(panel.quality).toBe('good');
  expect(panel.jog?.refused).toBe(false);
  expect(panel.jog?.fraction).toBeGreaterThan(0);
  expect(store.history(CONN)).toBeUndefined();

  const release = store.wantHistory();
  const page = await pollUntil(snapshot, (s) => s.stats.get(CONN)?.windows.length === 3 && (store.history(CONN)?.at.length ?? 0) >= 2, 10_000, 50);
  expect(page.stats.get(CONN)?.windows.map((w) => w.windowMs)).toEqual([10_000, 60_000, 600_000]);
  const history = store.history(CONN);
  expect(history?.p50.at(-2)).toBeGreaterThan(9);
  // Every poll while the page is open brings every window, so a longer window never holds fewer samples than a
  // shorter one (it did when the longer ones came only every fifth poll).
  let seen = store.getSnapshot();
  for (let i = 0; i < 3; i++) {
    const before = seen;
    seen = await pollUntil(snapshot, (s) => s !== before && s.stats.get(CONN) !== before.stats.get(CONN), 5_000, 50);
    const counts = seen.stats.get(CONN)?.windows.map((w) => w.samples) ?? [];
    expect(counts).toHaveLength(3);
    expect(counts[1]).toBeGreaterThanOrEqual(counts[0]!);
    expect(counts[2]).toBeGreaterThanOrEqual(counts[1]!);
  }
  release();
});

it('records an outage as transitions lost → good, with the engine times they happened', async () => {
  proxy.setProfile('outage-1s');
  const lost = await pollUntil(snapshot, (s) => s.transitions.get(EQ)?.[0]?.quality === 'lost', 10_000, 20);
  expect(lost.quality.get(EQ)?.reason?.code).toBeDefined();
  proxy.setProfile('5g-good'); // before the profile's next outage
  const back = await pollUntil(snapshot, (s) => s.transitions.get(EQ)?.[0]?.quality === 'good', 20_000, 50);
  const list = back.transitions.get(EQ) ?? []; // newest first
  // Recovery may pass through degraded while the first round trips after the outage are slow (a loaded machine).
  const lostAt = list.findIndex((t) => t.quality === 'lost');
  expect(lostAt).toBeGreaterThan(0);
  expect(list.slice(1, lostAt).every((t) => t.quality === 'degraded')).toBe(true);
  for (let i = 1; i <= lostAt; i++) expect(list[i - 1]!.since).toBeGreaterThan(list[i]!.since);
});

it('estimates the engine clock offset from link.clock within its own bound', async () => {
  const sync = new ClockSync();
  for (let i = 0; i < 5; i++) {
    const sentAt = Date.now();
    const { engineTime } = await c.client.request('link.clock', {});
    sync.observe(sentAt, engineTime, Date.now());
  }
  expect(sync.uncertaintyMs).toBeDefined();
  // Same process, same clock: the true offset is 0; Date.now() has 1 ms steps on each side.
  expect(Math.abs(sync.offsetMs as number)).toBeLessThanOrEqual((sync.uncertaintyMs as number) + 1);
});
