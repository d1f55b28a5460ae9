/**
 * Uncertain stretches in trends from the real SQLite store: samples of uncertain quality in the middle of a range come
 * back as an uncertain period beside the gaps, through the contract's reply schema, after the store is reopened, on
 * the history thread, and across compaction (the raw part keeps them; the rolled-up part, which keeps no quality,
 * has none).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistorySample } from '../../../main/engine/history/history-store';
import { SqliteHistory } from '../../../main/engine/history/sqlite-history';
import { WorkerHistory } from '../../../main/engine/history/worker-history';
import { historyRequests } from '../../../shared/contract/requests/history';
import { Quality } from '../../../shared/contract/telemetry';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const HOUR = 3_600_000;
let dir: string;
let store: SqliteHistory | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rec-uncertain-'));
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Signal 1 at 1 Hz over [from, to) ms after T0, uncertain inside each of `doubted` ([start, end) ms after T0). */
function samples(from: number, to: number, doubted: readonly [number, number][]): HistorySample[] {
  const out: HistorySample[] = [];
  for (let t = from; t < to; t += 1000) {
    const quality = doubted.some(([s, e]) => t >= s && t < e) ? Quality.uncertain : Quality.good;
    out.push({ signalId: 1, t: T0 + t, value: 10 + Math.sin(t / 60_000), quality });
  }
  return out;
}

/** The trend reply as the engine sends it and the window reads it: through the contract's reply schema. */
const throughContract = (series: unknown) => historyRequests['history.query'].reply.parse({ series: [series] }).series[0]!;

describe('uncertain periods in history trends', () => {
  it('returns samples of uncertain quality in the middle of a range as one period, through the contract, after reopening and on the history thread', async () => {
    const path = join(dir, 'h.db');
    store = new SqliteHistory(path);
    store.appendSync(samples(0, 10 * MIN, [[4 * MIN, 6 * MIN]]), []);
    const range = [T0, T0 + 10 * MIN] as const;
    const first = throughContract(await store.trend(1, ...range, 600));
    expect(first.uncertain).toEqual([[T0 + 4 * MIN, T0 + 6 * MIN]]);
    expect(first.gaps).toEqual([]);
    expect(first.t.length).toBeGreaterThan(500); // the uncertain values still count in their buckets
    // A range that starts inside the stretch starts with it; one after it has none.
    expect((await store.trend(1, T0 + 5 * MIN, T0 + 10 * MIN, 300)).uncertain).toEqual([[T0 + 5 * MIN, T0 + 6 * MIN]]);
    expect((await store.trend(1, T0 + 7 * MIN, T0 + 10 * MIN, 300)).uncertain).toEqual([]);
    store.repack(); // from the pending flushes into chunks: the same answer
    expect((await store.trend(1, ...range, 600)).uncertain).toEqual(first.uncertain);
    await store.close();

    store = new SqliteHistory(path);
    expect(throughContract(await store.trend(1, ...range, 600))).toEqual(first);
    await store.close();
    store = undefined;

    const threaded = new WorkerHistory(path);
    try {
      expect(throughContract(await threaded.trend(1, ...range, 600))).toEqual(first);
    } finally {
      await threaded.close();
    }
  });

  it('marks uncertain periods in a range reaching into rolled-up time: to the minute where rollups answer, joined across the boundary', async () => {
    store = new SqliteHistory(join(dir, 'r.db'), { rawRetentionMs: HOUR, rollupIntervalMs: MIN });
    // Uncertain: 10–20 min (to be rolled up), 115–125 min (across the raw window's start), 150–160 min (raw).
    const doubted: [number, number][] = [[10 * MIN, 20 * MIN], [115 * MIN, 125 * MIN], [150 * MIN, 160 * MIN]];
    for (let h = 0; h < 3; h++) store.appendSync(samples(h * HOUR, (h + 1) * HOUR, doubted), []);
    // Signal 2 turned uncertain at 30 min and stayed so, quiet (its one sample is rolled up).
    store.appendSync([{ signalId: 2, t: T0, value: 1, quality: Quality.good }, { signalId: 2, t: T0 + 30 * MIN, value: 2, quality: Quality.uncertain }], []);
    store.compactSync(T0 + 3 * HOUR); // raw from 120 min on
    const series = throughContract(await store.trend(1, T0, T0 + 3 * HOUR, 900));
    expect(series.source).toBe('rollup');
    // The stretch across the raw window's start: its rolled-up minutes, then the raw part (its sample before was
    // compacted: it starts inside one), as one period.
    expect(series.uncertain).toEqual([[T0 + 10 * MIN, T0 + 20 * MIN], [T0 + 115 * MIN, T0 + 125 * MIN], [T0 + 150 * MIN, T0 + 160 * MIN]]);
    expect(series.gaps).toEqual([]);
    // All in rolled-up time: the minutes that counted uncertain values.
    expect((await store.trend(1, T0, T0 + HOUR, 300)).uncertain).toEqual([[T0 + 10 * MIN, T0 + 20 * MIN]]);
    // A quiet uncertain value: its minute ended on it, so it is doubted through the rolled-up time and on into raw.
    const quiet = await store.trend(2, T0 + 60 * MIN, T0 + 3 * HOUR, 300);
    expect(quiet.uncertain).toEqual([[T0 + 60 * MIN, T0 + 3 * HOUR]]);
    expect((await store.trend(2, T0, T0 + 3 * HOUR, 300)).uncertain).toEqual([[T0 + 30 * MIN, T0 + 3 * HOUR]]);
    expect(quiet.carry?.value).toBe(2);
    // All raw, starting inside a stretch whose start was rolled up: the compacted sample before the range tells.
    expect((await store.trend(1, T0 + 122 * MIN, T0 + 130 * MIN, 300)).uncertain).toEqual([[T0 + 122 * MIN, T0 + 125 * MIN]]);
  });
});
