/**
 * The quality of a steady 5g-congested link does not flap: over the run (LINK_FLAP_MS, default 20 s; the issue's
 * 60 s run is `LINK_FLAP_MS=60000`) the equipment's quality settles once and never returns to a level it left.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLinkProxy, type LinkProxy } from '../../../main/sim/link-lab';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';

const RUN_MS = Number(process.env.LINK_FLAP_MS ?? 20_000);
const EQ = 'sts-crane-1';

let crane: Awaited<ReturnType<typeof startCrane>>;
let proxy: LinkProxy;
let c: Console;
const qualities: { quality: string; at: number; reason?: string }[] = [];

beforeAll(async () => {
  crane = await startCrane();
  proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: '5g-congested', seed: 11 });
  c = await startConsole(await craneSite(proxy.port), 321, false, 'console-flap');
  c.client.on('link.quality', (q) => q.equipmentId === EQ && qualities.push({ quality: q.quality, at: Date.now(), ...(q.reason ? { reason: q.reason.code } : {}) }));
  await waitConnected(c);
}, 30_000);

afterAll(async () => {
  await c?.stop();
  await proxy?.close();
  await crane?.stop();
});

it(`quality does not flap on a steady 5g-congested link (${RUN_MS / 1000} s)`, async () => {
  const startedAt = Date.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (Date.now() - startedAt < RUN_MS) return;
      clearInterval(timer);
      resolve();
    }, 250);
  });
  const during = qualities.filter((q) => q.quality !== 'lost');
  const levels = during.map((q) => q.quality);
  // Settled once (good or degraded), at most one step after that, and never back to a level it left.
  expect(levels.length).toBeGreaterThan(0);
  expect(levels.length).toBeLessThanOrEqual(2);
  expect(new Set(levels).size).toBe(levels.length);
  expect(levels).not.toContain('unsafe');
  const stats = (await c.client.request('link.stats', { connectionId: 'crane-plc' })).links[0];
  const w = stats?.windows[1];
  console.log(
    `5g-congested ${RUN_MS / 1000} s: qualities ${JSON.stringify(qualities.map((q) => `${q.quality}${q.reason ? `(${q.reason})` : ''}`))}; ` +
      `1 min p50 ${w?.p50?.toFixed(1)} p95 ${w?.p95?.toFixed(1)} jitter ${w?.jitter?.toFixed(1)} ms, loss ${w?.lossPct.toFixed(2)} %, proxy stalls ${proxy.stats().up.stalls + proxy.stats().down.stalls}`,
  );
}, RUN_MS + 30_000);
