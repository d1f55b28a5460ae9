/**
 * History against the real crane simulator: the engine stores every change of the crane's signals; a trend query
 * answers min/max per pixel bucket (never more than two points per pixel) and the export gives the raw values as CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';

let crane: Awaited<ReturnType<typeof startCrane>>;
let c: Console;
let from: number;

beforeAll(async () => {
  crane = await startCrane();
  from = Date.now();
  c = await startConsole(await craneSite(crane.port), 401, 'viewer');
  await waitConnected(c);
}, 30_000);

afterAll(async () => {
  await c?.stop();
  await crane?.stop();
});

const signalOf = (tag: string) => c.engine.signals.find((s) => s.tag === tag)!.id;

describe('crane history', () => {
  it('answers a trend of the wind with at most two points per pixel, matching the live values', async () => {
    const wind = signalOf('windSpeed');
    await crane.master.writeRegister(20, 190); // 19 m/s for a moment, so the range is known to contain it
    const deadline = Date.now() + 15_000;
    let series;
    for (;;) {
      ({ series } = await c.client.request('history.query', { signalIds: [wind], from, to: Date.now() + 1000, widthPx: 40 }));
      if (series[0]!.max.some((v) => Math.abs(v - 19) < 0.01)) break;
      if (Date.now() > deadline) throw new Error(`19 m/s never stored: ${JSON.stringify(series)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await crane.master.writeRegister(20, 0);
    const [trend] = series;
    expect(trend!.source).toBe('raw');
    expect(trend!.t.length).toBeGreaterThan(0);
    expect(trend!.t.length * 2).toBeLessThanOrEqual(80);
    for (let i = 0; i < trend!.t.length; i++) expect(trend!.min[i]!).toBeLessThanOrEqual(trend!.max[i]!);
  });

  it('exports raw values of a range as CSV', async () => {
    const ids = [signalOf('windSpeed'), signalOf('loadWeight')];
    // No flush here: a range up to now includes what the recorder still buffers.
    const { csv, rows, truncated } = await c.client.request('history.export', { signalIds: ids, from, to: Date.now() + 1000 });
    expect(truncated).toBe(false);
    expect(rows).toBeGreaterThan(2);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('time,signal,equipment,tag,value,unit,quality,recorded_every_ms');
    expect(lines).toHaveLength(rows + 1);
    expect(lines.some((l) => /^\d{4}-\d\d-\d\dT[^,]+,\d+,sts-crane-1,windSpeed,19,m\/s,good,$/.test(l))).toBe(true);
    const capped = await c.client.request('history.export', { signalIds: ids, from, to: Date.now() + 1000, maxRows: 2 });
    expect(capped).toMatchObject({ rows: 2, truncated: true });
  });

  it('a trend or export up to now includes values the recorder has not flushed yet', async () => {
    const idle = await startConsole(await craneSite(crane.port), 403, 'viewer', 'console-unflushed', { history: { flushMs: 3_600_000 } });
    try {
      await waitConnected(idle);
      const wind = idle.engine.signals.find((s) => s.tag === 'windSpeed')!.id;
      expect((await idle.client.request('history.status', {})).written).toBe(0); // nothing on disk yet
      const { rows } = await idle.client.request('history.export', { signalIds: [wind], from: 0, to: Date.now(), maxRows: 1000 });
      expect(rows).toBeGreaterThan(0);
      const { series } = await idle.client.request('history.query', { signalIds: [wind], from: Date.now() - 60_000, to: Date.now(), widthPx: 100 });
      expect(series[0]!.t.length).toBeGreaterThan(0);
    } finally {
      await idle.stop();
    }
  });

  it('says whether history keeps up: samples written, none dropped, bytes on disk', async () => {
    await c.engine.history.flush();
    const status = await c.client.request('history.status', {});
    expect(status.written).toBeGreaterThan(10);
    expect(status.dropped).toBe(0);
    expect(status.bytes).toBeGreaterThan(0);
    expect(status.failing).toBeUndefined();
    // Flushes wait for the store's repack into chunks (every minute): counted, and no repack failure.
    expect(status.pending).toBeGreaterThanOrEqual(0);
    expect(status.pending).toBeLessThanOrEqual(status.written);
    expect(status.repackFailing).toBeUndefined();
  });

  it('counts the samples it had to drop when the store falls behind (here: a buffer of 5 between flushes)', async () => {
    const small = await startConsole(await craneSite(crane.port), 402, 'viewer', 'console-small-history', { history: { maxBuffered: 5, flushMs: 3_600_000 } });
    try {
      await waitConnected(small);
      const status = await small.client.request('history.status', {});
      // The cap, plus one sample of room for the demo's one paced tag (heartbeatAgeMs), whose first value may use it.
      expect(status.buffered).toBeGreaterThanOrEqual(5);
      expect(status.buffered).toBeLessThanOrEqual(6);
      expect(status.dropped).toBeGreaterThan(0); // the crane's first values alone are dozens of changes
    } finally {
      await small.stop();
    }
  });
});
