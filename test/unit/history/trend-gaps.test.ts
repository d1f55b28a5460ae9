/** Trends leave outages empty: gaps from a stale or bad sample to the next good one, and the value carried into a range. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryRecorder } from '../../../main/engine/history/history-recorder';
import { SqliteHistory } from '../../../main/engine/history/sqlite-history';
import { Quality } from '../../../shared/contract/telemetry';

const T0 = Date.UTC(2026, 0, 1);
const log = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
let dir: string;
let store: SqliteHistory;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rec-gaps-'));
  store = new SqliteHistory(join(dir, 'h.db'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const good = (t: number, value: number) => ({ signalId: 1, t: T0 + t, value, quality: Quality.good });
const stale = (t: number, value: number) => ({ signalId: 1, t: T0 + t, value, quality: Quality.stale });

describe('trend gaps', () => {
  it('returns each stale period as a gap up to the next good value, and leaves stale values out of min/max', async () => {
    store.appendSync([good(0, 1), good(1000, 2), stale(2000, 999), good(5000, 3), stale(8000, -999), good(9000, 4)], []);
    const series = await store.trend(1, T0, T0 + 10_000, 100);
    expect(series.gaps).toEqual([[T0 + 2000, T0 + 5000], [T0 + 8000, T0 + 9000]]);
    expect(Math.max(...series.max)).toBe(4);
    expect(Math.min(...series.min)).toBe(1);
  });

  it('runs a gap that is still open to the end of the range, and starts one at the range when it began earlier', async () => {
    store.appendSync([good(0, 1), stale(1000, 1)], []);
    expect((await store.trend(1, T0, T0 + 10_000, 100)).gaps).toEqual([[T0 + 1000, T0 + 10_000]]);
    const later = await store.trend(1, T0 + 5000, T0 + 10_000, 100);
    expect(later.gaps).toEqual([[T0 + 5000, T0 + 10_000]]);
    expect(later.carry).toBeUndefined();
  });

  it('ends the gap a range starts in at a good sample exactly at its start: no gap at all', async () => {
    store.appendSync([good(0, 1), stale(1000, 1), good(5000, 2)], []);
    const series = await store.trend(1, T0 + 5000, T0 + 10_000, 100);
    expect(series.gaps).toEqual([]);
    expect(series.min).toEqual([2]);
    expect((await store.trend(1, T0 + 4000, T0 + 10_000, 100)).gaps).toEqual([[T0 + 4000, T0 + 5000]]);
  });

  it('treats a usable quality on a value that is no number (NaN) as a gap start, inside a range and at its start alike', async () => {
    store.appendSync([good(0, 1), good(2000, Number.NaN), good(5000, 3)], []);
    for (const repack of [false, true]) {
      if (repack) store.repack();
      expect((await store.trend(1, T0, T0 + 10_000, 100)).gaps).toEqual([[T0 + 2000, T0 + 5000]]);
      const later = await store.trend(1, T0 + 3000, T0 + 10_000, 100);
      expect(later.gaps).toEqual([[T0 + 3000, T0 + 5000]]);
      expect(later.carry).toBeUndefined();
    }
  });

  it('carries the value in effect at the start of a range in which the signal did not change', async () => {
    store.appendSync([good(0, 7.5)], []);
    const series = await store.trend(1, T0 + 60_000, T0 + 120_000, 100);
    expect(series.t).toEqual([]);
    expect(series.carry).toEqual({ t: T0, value: 7.5 });
    expect(series.gaps).toEqual([]);
  });

  it('joins gaps less than a bucket apart and caps their number at the width', async () => {
    const samples = [];
    for (let i = 0; i < 200; i++) samples.push(good(i * 100, i), stale(i * 100 + 50, i));
    store.appendSync(samples, []);
    const series = await store.trend(1, T0, T0 + 20_000, 10); // 2 s buckets: every 50 ms good period joins
    expect(series.gaps).toEqual([[T0 + 50, T0 + 20_000]]);
    const fine = await store.trend(1, T0, T0 + 20_000, 8000);
    expect(fine.gaps!.length).toBeLessThanOrEqual(8000);
    expect(fine.gaps!.length).toBe(200);
  });

  it('records a value that turned stale at the time it was flagged, keeping the last good sample, and one back from stale with its old time when it came back', async () => {
    let now = T0 + 5000;
    const recorder = new HistoryRecorder(store, log, { flushMs: 3_600_000, now: () => now });
    recorder.offer(1, { value: 2, sourceTime: T0 + 1000, quality: Quality.good });
    recorder.offer(1, { value: 2, sourceTime: T0 + 1000, quality: Quality.stale });
    now = T0 + 6000;
    await recorder.flush();
    const { rows } = await store.raw([1], T0, T0 + 10_000, 10);
    expect(rows.map((r) => [r.t - T0, r.quality])).toEqual([[1000, Quality.good], [5000, Quality.stale]]);
    // Back with its pre-outage source time (an OPC UA server keeps an unchanged value's time): recorded when the
    // engine had it again, so the gap ends there and the trend goes on; a later change keeps its own time.
    now = T0 + 8000;
    recorder.offer(1, { value: 2, sourceTime: T0 + 1000, quality: Quality.good });
    recorder.offer(1, { value: 3, sourceTime: T0 + 9000, quality: Quality.good });
    await recorder.flush();
    const after = await store.raw([1], T0, T0 + 10_000, 10);
    expect(after.rows.map((r) => [r.t - T0, r.quality, r.value])).toEqual([[1000, Quality.good, 2], [5000, Quality.stale, 2], [8000, Quality.good, 2], [9000, Quality.good, 3]]);
    const trend = await store.trend(1, T0, T0 + 10_000, 100);
    expect(trend.gaps).toEqual([[T0 + 5000, T0 + 8000]]);
    await recorder.close();
    store = new SqliteHistory(join(dir, 'h2.db')); // closed by the recorder; afterEach closes this one
  });

  it('after an engine restart, a value delivered again with its pre-restart source time ends the engine-off gap when it came', async () => {
    // The last run recorded 2 at 1000 and marked it stale at its clean stop, 5000 (an OPC UA value that never changed).
    store.appendSync([good(1000, 2), stale(5000, 2)], []);
    let now = T0 + 8000;
    const recorder = new HistoryRecorder(store, log, { flushMs: 3_600_000, now: () => now });
    recorder.afterRun([1], T0 + 5001); // the last run ended at 5000: its stale markers
    now = T0 + 8200;
    recorder.offer(1, { value: 2, sourceTime: T0 + 1000, quality: Quality.good }); // the new session's first notification
    now = T0 + 9500;
    recorder.offer(1, { value: 3, sourceTime: T0 + 9500, quality: Quality.good }); // a change keeps its own time
    await recorder.flush();
    const { rows } = await store.raw([1], T0, T0 + 10_000, 10);
    expect(rows.map((r) => [r.t - T0, r.quality, r.value])).toEqual([[1000, Quality.good, 2], [5000, Quality.stale, 2], [8200, Quality.good, 2], [9500, Quality.good, 3]]);
    expect((await store.trend(1, T0, T0 + 10_000, 100)).gaps).toEqual([[T0 + 5000, T0 + 8200]]);
    await recorder.close();
    store = new SqliteHistory(join(dir, 'h2.db')); // closed by the recorder; afterEach closes this one
  });

  it('a re-delivered value buffered before the last run\'s end was known moves to when the engine knew it', async () => {
    store.appendSync([good(1000, 2), stale(5000, 2)], []);
    let now = T0 + 8100;
    const recorder = new HistoryRecorder(store, log, { flushMs: 3_600_000, now: () => now });
    recorder.offer(1, { value: 2, sourceTime: T0 + 1000, quality: Quality.good }); // before the store answered
    now = T0 + 8150;
    recorder.afterRun([1], T0 + 5001);
    await recorder.flush();
    const { rows } = await store.raw([1], T0, T0 + 10_000, 10);
    expect(rows.map((r) => [r.t - T0, r.quality])).toEqual([[1000, Quality.good], [5000, Quality.stale], [8150, Quality.good]]);
    await recorder.close();
    store = new SqliteHistory(join(dir, 'h2.db')); // closed by the recorder; afterEach closes this one
  });

  it('keeps a value back from stale in order for a few seconds only: a device clock behind the engine\'s then has its own times again', async () => {
    let now = T0 + 5000;
    let mono = 0;
    const recorder = new HistoryRecorder(store, log, { flushMs: 3_600_000, now: () => now, monotonic: () => mono });
    recorder.offer(1, { value: 2, sourceTime: T0 + 1000, quality: Quality.good });
    recorder.offer(1, { value: 2, sourceTime: T0 + 1000, quality: Quality.stale }); // at 5000
    now = T0 + 8000;
    recorder.offer(1, { value: 2, sourceTime: T0 + 1000, quality: Quality.good }); // back, at 8000
    // Then a change every 100 ms, timed by a device clock 300 ms behind the engine's: each is at or before the last
    // time chosen, so within the window each goes at the engine's time; past it, at its own.
    for (let k = 1; k <= 70; k++) {
      now = T0 + 8000 + 100 * k;
      mono += 100;
      recorder.offer(1, { value: 2 + k, sourceTime: now - 300, quality: Quality.good });
    }
    await recorder.flush();
    const { rows } = await store.raw([1], T0, T0 + 20_000, 100);
    const timeOf = (value: number) => rows.find((r) => r.value === value)!.t - T0;
    expect(timeOf(3)).toBe(8100); // in the window: the engine's time, after the value back at 8000
    expect(timeOf(40)).toBe(11_800); // in the window still
    expect(timeOf(72)).toBe(14_700); // past it: its own time (15,000 − 300)
    expect(rows.at(-1)!.value).toBe(72); // the last value is the current one
    await recorder.close();
    store = new SqliteHistory(join(dir, 'h2.db')); // closed by the recorder; afterEach closes this one
  });

  it('keeps the order values came in after a time the engine chose: a change timed before the value back from stale goes after it', async () => {
    let now = T0 + 5000;
    const recorder = new HistoryRecorder(store, log, { flushMs: 3_600_000, now: () => now });
    recorder.offer(1, { value: 2, sourceTime: T0 + 1000, quality: Quality.good });
    recorder.offer(1, { value: 2, sourceTime: T0 + 1000, quality: Quality.stale }); // at 5000
    now = T0 + 8000;
    recorder.offer(1, { value: 2, sourceTime: T0 + 1000, quality: Quality.good }); // back, at 8000
    now = T0 + 8001;
    recorder.offer(1, { value: 3, sourceTime: T0 + 7900, quality: Quality.good }); // changed at 7900 by the device's clock
    now = T0 + 8500;
    recorder.offer(1, { value: 4, sourceTime: T0 + 8400, quality: Quality.good }); // its own time again
    // A device clock ahead of the engine's: the stale marker goes the millisecond after the last good sample, the
    // value back the millisecond after the marker, so none overwrites another.
    recorder.offer(2, { value: 1, sourceTime: T0 + 9000, quality: Quality.good });
    recorder.offer(2, { value: 1, sourceTime: T0 + 9000, quality: Quality.stale });
    recorder.offer(2, { value: 1, sourceTime: T0 + 9000, quality: Quality.good });
    await recorder.flush();
    const one = await store.raw([1], T0, T0 + 10_000, 10);
    expect(one.rows.map((r) => [r.t - T0, r.quality, r.value])).toEqual([[1000, Quality.good, 2], [5000, Quality.stale, 2], [8000, Quality.good, 2], [8001, Quality.good, 3], [8400, Quality.good, 4]]);
    const two = await store.raw([2], T0, T0 + 10_000, 10);
    expect(two.rows.map((r) => [r.t - T0, r.quality])).toEqual([[9000, Quality.good], [9001, Quality.stale], [9002, Quality.good]]);
    await recorder.close();
    store = new SqliteHistory(join(dir, 'h2.db')); // closed by the recorder; afterEach closes this one
  });
});
