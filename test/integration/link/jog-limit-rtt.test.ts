/**
 * Latency-adaptive jog limit through the link lab: at 20, 80 and 150 ms round trip the allowed hoist jog speed follows
 * the site file's curve (the jog.hold reply and the jog.limit event), and above the unsafe threshold a jog is refused
 * with the reason. Real crane simulator behind a LinkProxy whose fixed delay sets the round trip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedRttProfile, startLinkProxy, type LinkProxy } from '../../../main/sim/link-lab';
import { curveFraction, JOG_LIMIT_STEP, stepDown } from '../../../main/engine/safety/jog-limit';
import { craneSite, pipelined, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { pollUntil } from '../sim/sim-clients';
import { Quality } from '../../../shared/contract/telemetry';

const EQ = 'sts-crane-1';
const CONN = 'crane-plc';
const HOIST_FULL = 1.5; // hoistSpeedRef range [-1.5, 1.5]
const UNSAFE_MS = 200; // this test's site: StVFernLV's 200 ms, so 150 ms is still on the curve

let crane: Awaited<ReturnType<typeof startCrane>>;
let proxy: LinkProxy;
let c: Console;
let curve: [number, number][];

beforeAll(async () => {
  crane = await startCrane();
  proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: fixedRttProfile(20), seed: 3 });
  const site = await craneSite(proxy.port, (s) => {
    for (const e of s.equipment as { link?: Record<string, number> }[]) e.link = { ...e.link, rttUnsafeMs: UNSAFE_MS };
    pipelined(s); // one request at a time, the interlock inputs would be too old for the gate from 80 ms on (stale-interlock-inputs.test.ts)
  });
  curve = site.equipment[0]?.jog.curve as [number, number][];
  c = await startConsole(site, 311, 'operator', 'console-rtt');
  c.client.on('jog.limit', (body) => c.events.push({ name: 'jog.limit', body }));
  await waitConnected(c);
  // The hoist jog's interlocks read several tags: wait until every signal has its first value.
  await pollUntil(async () => c.engine.signals.every((s) => c.engine.store.get(s.id)?.quality === Quality.good), (ok) => ok, 10_000);
  expect((await c.client.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
}, 30_000);

afterAll(async () => {
  await c?.stop();
  await proxy?.close();
  await crane?.stop();
});

/**
 * Switches the round trip and waits until the gate's p95 (5 s window) has settled on it. On a loaded machine the
 * engine's own delays can keep the p95 above the proxy's delay for good (never below it): after 20 s, a window that
 * has turned over and reads at least the new delay counts too. The checks below use the measured p95, not the nominal.
 */
async function settleAt(rttMs: number): Promise<number> {
  proxy.setProfile(fixedRttProfile(rttMs));
  const rtt = await pollUntil(async () => c.engine.link.linkOf(CONN, EQ).rttMs ?? 0, (v) => Math.abs(v - rttMs) < 4, 20_000, 100);
  expect(rtt).toBeGreaterThan(rttMs - 4);
  if (rtt - rttMs >= 4) console.log(`RTT ${rttMs} ms: the p95 stayed at ${rtt.toFixed(1)} ms (a loaded machine)`);
  return rtt;
}

let seq = 0;

/**
 * One press of the jog, as the window sends it: holds keep coming every 50 ms while the first one's reference is on its
 * way. The lease runs from the last hold received, so at 150 ms RTT a single hold with nothing after it may expire
 * before its reply (correctly), which is not what this test measures. Returns the first hold's reply.
 */
async function holdAsAWindowDoes(speed: number) {
  const hold = () => c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed, seq: ++seq });
  const first = hold();
  const renewals: Promise<unknown>[] = [];
  const timer = setInterval(() => renewals.push(hold().catch(() => undefined)), 50);
  try {
    return await first;
  } finally {
    clearInterval(timer);
    await Promise.all(renewals); // all answered before the test lets go
  }
}

describe('latency-adaptive jog limit through the proxy', () => {
  for (const rttMs of [20, 80, 150]) {
    it(`at ${rttMs} ms RTT the allowed hoist speed follows the curve`, async () => {
      await settleAt(rttMs);
      const before = c.engine.link.linkOf(CONN, EQ).rttMs ?? Number.NaN;
      const hold = await holdAsAWindowDoes(HOIST_FULL);
      const after = c.engine.link.linkOf(CONN, EQ).rttMs ?? Number.NaN;
      await c.client.request('jog.release', { equipmentId: EQ, command: 'hoistJog' });
      expect(hold.outcome, JSON.stringify(hold.outcome)).toMatchObject({ status: 'ok' });
      // The limit is the curve at the measured p95 (which moved at most between the reads around the hold), rounded
      // down to a whole step of full speed.
      const [lo, hi] = [Math.min(before, after), Math.max(before, after)];
      expect(hold.limit).toBeGreaterThanOrEqual(HOIST_FULL * (curveFraction(curve, hi) - JOG_LIMIT_STEP) - 1e-6);
      expect(hold.limit).toBeLessThanOrEqual(HOIST_FULL * curveFraction(curve, lo) + 1e-6);
      expect(hold.applied).toBeCloseTo(hold.limit, 6);
      const measured = before;
      const expected = HOIST_FULL * curveFraction(curve, rttMs);
      // The published limit follows the same curve (polled: on a loaded machine the window may still hold the switch).
      const jogEvent = async () => (await c.client.request('link.stats', { connectionId: CONN })).links[0]?.equipment[0]?.jog;
      const event = await pollUntil(jogEvent, (e) => e?.refused === false, 10_000, 100);
      expect(event?.refused).toBe(false);
      // The event publishes its RTT rounded to 0.1 ms; the fraction is the stepped curve at the unrounded one, so at a
      // step boundary it may be either neighbour.
      const published = event?.rttMs ?? Number.NaN;
      const candidates = [published - 0.05, published + 0.05].map((r) => Math.round(stepDown(curveFraction(curve, r)) * 1000) / 1000);
      expect(candidates).toContain(event?.fraction);
      console.log(`RTT ${rttMs} ms (measured p95 ${measured.toFixed(1)}): limit ${hold.limit.toFixed(3)} m/s, curve ${expected.toFixed(3)} m/s`);
    });
  }

  it(`above the unsafe threshold (${UNSAFE_MS} ms) a jog is refused with the reason`, async () => {
    await settleAt(250);
    const hold = await c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.5, seq: ++seq });
    expect(hold.outcome.status).toBe('refused');
    if (hold.outcome.status !== 'refused') return;
    // Refused by the link stage once the quality is unsafe, or before that by the limit itself (value stage).
    expect([`${hold.outcome.stage}:${hold.outcome.code}`]).toSatisfy((x: string[]) => ['link:link-unsafe', 'value:rtt-unsafe'].includes(x[0] ?? ''));
    expect(hold.outcome.values?.rttMs).toBeGreaterThan(UNSAFE_MS);
    // The panels hear it too: the jog.limit event turns to refused with the reason.
    const lastLimit = async () => c.events.filter((e) => e.name === 'jog.limit').map((e) => e.body as { refused: boolean; reason?: { code: string } }).at(-1);
    const limit = await pollUntil(lastLimit, (l) => l?.refused === true, 5_000);
    expect(limit?.refused).toBe(true);
    expect(limit?.reason?.code).toMatch(/unsafe/);
    console.log(`RTT 250 ms: jog refused (${hold.outcome.code}: ${hold.outcome.text})`);
  });
});
