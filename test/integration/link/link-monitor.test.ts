/**
 * The latency monitor against the real crane simulator behind the link lab's proxy (loopback): its p50 against the
 * proxy's configured round trip, loss, and a silent device behind an open socket (half-open): the link stops
 * counting as connected within a probe timeout and every value turns stale with its last value kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinkProxy, type LinkProxy } from '../../../main/sim/link-lab';
import { Quality } from '../../../shared/contract/telemetry';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { withinOnSomeReading } from '../../support/timing-claims';
import { pollUntil } from '../sim/sim-clients';

const EQ = 'sts-crane-1';
const CONN = 'crane-plc';

let crane: Awaited<ReturnType<typeof startCrane>>;

beforeAll(async () => {
  crane = await startCrane();
}, 30_000);

afterAll(async () => {
  await crane?.stop();
});

/** A console on the crane behind a fresh proxy with `profile`; `probe` overrides the site's probe timing. */
async function behindProxy(profile: string, probe?: { periodMs: number; timeoutMs: number }): Promise<{ proxy: LinkProxy; c: Console; stop(): Promise<void> }> {
  const proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile, seed: 11 });
  const site = await craneSite(proxy.port, (s) => {
    if (probe) for (const conn of s.connections as Record<string, unknown>[]) conn.probe = probe;
  });
  const c = await startConsole(site, 301, false, `link-${profile}`);
  await waitConnected(c);
  return {
    proxy,
    c,
    async stop() {
      await c.stop();
      await proxy.close();
    },
  };
}

const minuteWindow = async (c: Console) => (await c.client.request('link.stats', { connectionId: CONN })).links[0]?.windows[1];

describe('latency monitor through the link lab', () => {
  for (const profile of ['5g-good', '5g-congested'] as const) {
    it(`p50 RTT within ±2 ms of the proxy's configured round trip on ${profile} (≥ 100 samples)`, async () => {
      let configured = Number.NaN;
      // Each reading from a fresh console and proxy: the monitor's minute window then holds that reading's probes alone.
      const reading = async () => {
        const run = await behindProxy(profile);
        try {
          const w = await pollUntil(() => minuteWindow(run.c), (s) => (s?.samples ?? 0) >= 150, 30_000, 100);
          configured = run.proxy.stats().configuredRttMs;
          expect(w?.samples).toBeGreaterThanOrEqual(100);
          expect(w?.min).toBeLessThanOrEqual(w?.p50 ?? 0);
          expect(w?.p99).toBeGreaterThanOrEqual(w?.p95 ?? Infinity);
          const stats = (await run.c.client.request('link.stats', { connectionId: CONN, historySeconds: 600 })).links[0];
          expect(stats?.counters.answered).toBeGreaterThan(0);
          expect(stats?.windows.map((x) => x.windowMs)).toEqual([10_000, 60_000, 600_000]);
          expect(stats?.history.length).toBeGreaterThan(0);
          console.log(`${profile}: configured ${configured} ms, monitor p50 ${w?.p50?.toFixed(2)} p95 ${w?.p95?.toFixed(2)} p99 ${w?.p99?.toFixed(2)} max ${w?.max?.toFixed(1)} jitter ${w?.jitter?.toFixed(2)} ms, ${w?.samples} samples`);
          return w?.p50 ?? Number.NaN;
        } finally {
          await run.stop();
        }
      };
      const claim = await withinOnSomeReading(reading, profile === '5g-good' ? 10 : 40, 2, { wakeUps: 2 }); // the delayed chunk each way
      expect(configured).toBe(profile === '5g-good' ? 10 : 40);
      expect(claim.ok, `${claim.why}: monitor p50 readings ${claim.readings.join(', ')} ms`).toBe(true);
    }, 100_000);
  }

  it('counts loss on 5g-congested when the probe timeout is shorter than a retransmission stall', async () => {
    // The proxy loses no bytes: a "lost" segment is a 200 ms stall. A probe that waits longer than its 150 ms timeout is lost.
    const run = await behindProxy('5g-congested', { periodMs: 100, timeoutMs: 150 });
    try {
      const w = await pollUntil(() => minuteWindow(run.c), (s) => (s?.probesLost ?? 0) > 0, 45_000, 200);
      expect(w?.probesLost).toBeGreaterThan(0);
      expect(w?.lossPct).toBeGreaterThan(0);
      expect(run.proxy.stats().up.stalls + run.proxy.stats().down.stalls).toBeGreaterThan(0);
      console.log(`5g-congested loss: ${w?.probesLost} of ${w?.probesSent} probes (${w?.lossPct.toFixed(2)} %), proxy stalls ${run.proxy.stats().up.stalls + run.proxy.stats().down.stalls}`);
    } finally {
      await run.stop();
    }
  }, 60_000);

  it('a silent device behind an open socket: degraded and lost within a probe timeout, every value stale with its last value', async () => {
    const probe = { periodMs: 100, timeoutMs: 300 };
    const run = await behindProxy('5g-good', probe);
    const { c, proxy } = run;
    try {
      await pollUntil(async () => c.engine.link.linkOf(CONN, EQ).quality, (q) => q === 'good', 10_000);
      const before = new Map([...c.engine.store.entries()].map(([id, v]) => [id, v.value]));
      const silencedAt = Date.now();
      proxy.setProfile('half-open');
      const degraded = await c.waitForEvent('connection.state', (s) => s.state === 'degraded' && s.reason?.details?.code === 'link-not-answering');
      const detectedMs = degraded.since - silencedAt;
      const lost = await pollUntil(async () => c.engine.link.linkOf(CONN, EQ).quality, (q) => q === 'lost', 5_000, 5);
      expect(lost).toBe('lost');
      // The monitor spoke first: the driver's own timeouts had not yet taken the connection down.
      expect(c.events.filter((e) => e.name === 'connection.state' && (e.body as { state: string }).state === 'backoff')).toHaveLength(0);
      const checkStale = () => {
        for (const [id, last] of before) {
          const now = c.engine.store.get(id);
          expect(now?.quality, `signal ${id}`).toBe(Quality.stale);
          if (typeof last === 'number' && !Number.isNaN(last)) expect(now?.value).not.toBeNaN();
        }
      };
      checkStale();
      // Later, once the driver's timeouts and a reconnect into the silence follow, still nothing lost and nothing good.
      await c.waitForEvent('connection.state', (s) => s.state === 'backoff');
      checkStale();
      const jog = await c.client.request('link.stats', { connectionId: CONN });
      expect(jog.links[0]?.equipment[0]?.jog.refused).toBe(true);
      console.log(`silent device: degraded after ${detectedMs} ms (probe ${probe.periodMs} ms / timeout ${probe.timeoutMs} ms)`);
      proxy.setProfile('5g-good');
      await waitConnected(c);
      await pollUntil(async () => c.engine.link.linkOf(CONN, EQ).quality, (q) => q === 'good', 15_000);
      const remote = c.engine.signals.find((s) => s.tag === 'remoteMode');
      await pollUntil(async () => c.engine.store.get(remote?.id ?? -1)?.quality, (q) => q === Quality.good, 10_000);
    } finally {
      await run.stop();
    }
  }, 60_000);
});
