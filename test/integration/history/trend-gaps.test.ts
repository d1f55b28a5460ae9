/**
 * An outage in a trend, against the real crane simulator: the simulator goes away and comes back on the same port;
 * the engine's trend of the hoist height has a gap from when its values turned stale to when they were good again,
 * and keeps the last good value before the outage (it is not overwritten by the stale flag).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { craneSimulator } from '../../../main/sim/crane/crane-sim';
import type { RunningSimulator } from '../../../main/sim/simulator';
import { Quality } from '../../../shared/contract/telemetry';
import { craneSite, startConsole, waitConnected, type Console } from '../../support/crane-console';

let sim: RunningSimulator;
let port: number;
let c: Console;

beforeAll(async () => {
  sim = await craneSimulator.start({ host: '127.0.0.1', port: 0, dataDir: '' });
  port = Number(new URL(sim.url).port);
  c = await startConsole(await craneSite(port), 402, 'viewer');
  await waitConnected(c);
}, 30_000);

afterAll(async () => {
  await c?.stop();
  await sim?.close();
});

/** Polls `check` every 50 ms until it returns a value, or fails after `ms`. */
async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('trend across an outage', () => {
  it('leaves the outage as a gap and keeps the value before it', async () => {
    const hoist = c.engine.signals.find((s) => s.tag === 'hoistPosition')!.id;
    const from = Date.now() - 60_000;
    const before = c.engine.store.get(hoist)!;
    expect(before.quality).toBe(Quality.good);

    await sim.close();
    const staleAt = await until('stale', () => (c.engine.store.get(hoist)?.quality === Quality.stale ? Date.now() : undefined));
    sim = await craneSimulator.start({ host: '127.0.0.1', port, dataDir: '' });
    const goodAt = await until('good again', () => (c.engine.store.get(hoist)?.quality === Quality.good ? Date.now() : undefined));
    await c.engine.history.flush();

    const { series } = await c.client.request('history.query', { signalIds: [hoist], from, to: Date.now() + 1000, widthPx: 2000 });
    const trend = series[0]!;
    expect(trend.gaps).toHaveLength(1);
    const [gapStart, gapEnd] = trend.gaps![0]!;
    expect(gapStart).toBeLessThanOrEqual(staleAt);
    expect(gapStart).toBeGreaterThan(before.sourceTime);
    expect(gapEnd).toBeGreaterThan(gapStart);
    expect(gapEnd).toBeLessThanOrEqual(goodAt);
    // The last good sample before the outage is still there, at its own time (raw export, not the bucketed trend).
    const { csv } = await c.client.request('history.export', { signalIds: [hoist], from, to: gapStart, maxRows: 1000 });
    expect(csv).toContain(`${new Date(before.sourceTime).toISOString()},${hoist},sts-crane-1,hoistPosition,`);
    expect(csv.trim().split('\r\n').at(-1)).toMatch(/,good,$/); // every change of the hoist height is kept: no interval
  }, 40_000);
});
