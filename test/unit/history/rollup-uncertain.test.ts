/**
 * Uncertain values stay marked once rolled up: each rolled-up minute counts its numbers of uncertain quality, and a
 * trend over it has an uncertain period over the minutes holding any (the rollups' resolution), joined with the raw
 * part's. Real SQLite files on a temp dir.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistorySample } from '../../../main/engine/history/history-store';
import { SqliteHistory } from '../../../main/engine/history/sqlite-history';
import { joinSpans } from '../../../main/engine/history/trend-gaps';
import { Quality } from '../../../shared/contract/telemetry';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const HOUR = 3_600_000;
const LIMITS = { rawRetentionMs: HOUR, rollupIntervalMs: MIN };
let dir: string;
let store: SqliteHistory;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rec-rollup-uncertain-'));
  store = new SqliteHistory(join(dir, 'h.db'), LIMITS);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const at = (seconds: number, value: number, quality: number = Quality.good): HistorySample => ({ signalId: 1, t: T0 + seconds * 1000, value, quality });

/** Signal 1 every 10 s for an hour; uncertain from 10:00 to 14:30, and one uncertain sample at 30:20. */
function hourWithDoubts(): HistorySample[] {
  const samples: HistorySample[] = [];
  for (let s = 0; s < 3600; s += 10) {
    const doubted = (s >= 600 && s < 870) || s === 1820;
    samples.push(at(s, s % 70, doubted ? Quality.uncertain : Quality.good));
  }
  return samples;
}

describe('uncertain values rolled up', () => {
  it('are marked to the minute: the raw period widened to the minutes holding them, at a fine width', async () => {
    store.appendSync(hourWithDoubts(), []);
    const raw = await store.trend(1, T0, T0 + HOUR, 3600);
    expect(raw.uncertain).toEqual([[T0 + 600_000, T0 + 870_000], [T0 + 1_820_000, T0 + 1_830_000]]);
    await store.compact(T0 + 3 * HOUR);
    const rolled = await store.trend(1, T0, T0 + HOUR, 3600);
    expect(rolled.source).toBe('rollup');
    expect(rolled.uncertain).toEqual([[T0 + 10 * MIN, T0 + 15 * MIN], [T0 + 30 * MIN, T0 + 31 * MIN]]);
    // Every raw period lies inside a rolled-up one: nothing doubted draws as the good line.
    for (const [start, end] of raw.uncertain ?? []) expect(rolled.uncertain?.some(([s, e]) => s <= start && end <= e)).toBe(true);
  });

  it('are one period per bucket at a coarse width, joined with their neighbours less than a bucket apart', async () => {
    store.appendSync(hourWithDoubts(), []);
    await store.compact(T0 + 3 * HOUR);
    // 6 px for the hour: 10-minute buckets; the doubts fall in the second, and the fourth.
    expect((await store.trend(1, T0, T0 + HOUR, 6)).uncertain).toEqual([[T0 + 10 * MIN, T0 + 15 * MIN], [T0 + 30 * MIN, T0 + 31 * MIN]]);
    // 2 px: 30-minute buckets; both doubts less than a bucket apart, joined.
    expect((await store.trend(1, T0, T0 + HOUR, 2)).uncertain).toEqual([[T0 + 10 * MIN, T0 + 31 * MIN]]);
  });

  it('are clipped to the range, and joined with the raw part where a stretch runs on into it', async () => {
    // Uncertain from 0:50 on in rolled-up time, on across the raw boundary (compacted up to 2 h) to 2:10.
    const samples: HistorySample[] = [];
    for (let s = 0; s < 3 * 3600; s += 60) samples.push(at(s, 1, s >= 50 * 60 && s < 130 * 60 ? Quality.uncertain : Quality.good));
    store.appendSync(samples, []);
    await store.compact(T0 + 3 * HOUR); // raw retention 1 h: raw from 2:00 on
    const series = await store.trend(1, T0 + 55 * MIN, T0 + 3 * HOUR, 125);
    expect(series.source).toBe('rollup');
    expect(series.uncertain).toEqual([[T0 + 55 * MIN, T0 + 130 * MIN]]);
  });

  it('count a late uncertain sample merged into a minute already rolled up', async () => {
    store.appendSync([at(0, 1), at(30, 2), at(90, 3)], []);
    await store.compact(T0 + 3 * HOUR);
    expect((await store.trend(1, T0, T0 + 2 * MIN, 120)).uncertain).toEqual([]);
    store.appendSync([at(40, 5, Quality.uncertain)], []);
    await store.compact(T0 + 3 * HOUR);
    // The minute now ends on it: doubted until the next sample, at 1:30.
    expect((await store.trend(1, T0, T0 + 2 * MIN, 120)).uncertain).toEqual([[T0, T0 + 90_000]]);
  });

  it('keep a quiet doubted value doubted until its next sample, also from a range starting after its minute', async () => {
    // Turned uncertain at 0:10:30, quiet, good again at 2:00 (a sensor stuck doubtful): all rolled up.
    store.appendSync([at(0, 1), at(630, 2, Quality.uncertain), at(7200, 3)], []);
    await store.compact(T0 + 5 * HOUR);
    expect((await store.trend(1, T0, T0 + 3 * HOUR, 180)).uncertain).toEqual([[T0 + 10 * MIN, T0 + 2 * HOUR]]);
    // A range that starts an hour later sees no row until 2:00: the state before it says doubted.
    expect((await store.trend(1, T0 + HOUR, T0 + 3 * HOUR, 120)).uncertain).toEqual([[T0 + HOUR, T0 + 2 * HOUR]]);
    // One quiet from before the range to past its end: doubted throughout.
    expect((await store.trend(1, T0 + 30 * MIN, T0 + 90 * MIN, 60)).uncertain).toEqual([[T0 + 30 * MIN, T0 + 90 * MIN]]);
  });

  it('are not marked in minutes rolled up before minutes counted them (a file of an earlier version), and draw as they did', async () => {
    await store.close();
    const path = join(dir, 'old.db');
    const old = new DatabaseSync(path);
    old.exec('CREATE TABLE rollups (signal INTEGER NOT NULL, t INTEGER NOT NULL, min REAL, max REAL, sum REAL, n INTEGER, PRIMARY KEY (signal, t)) WITHOUT ROWID');
    old.prepare('INSERT INTO rollups VALUES (1, ?, 3, 8, 11, 2)').run(T0);
    old.close();
    store = new SqliteHistory(path, LIMITS);
    await store.compact(T0 + 3 * HOUR);
    expect(await store.trend(1, T0, T0 + MIN, 60)).toMatchObject({ source: 'rollup', min: [3], max: [8], uncertain: [] });
    store.appendSync([at(10, 5, Quality.uncertain)], []); // a late one into that minute: counted from then on
    await store.compact(T0 + 3 * HOUR);
    expect((await store.trend(1, T0, T0 + MIN, 60)).uncertain).toEqual([[T0, T0 + MIN]]);
  });
});

describe('joinSpans', () => {
  it('joins periods less than a bucket apart, keeps the others, and runs the last on past the cap', () => {
    expect(joinSpans([[0, 10], [15, 20], [40, 50]], 10, 10)).toEqual([[0, 20], [40, 50]]);
    expect(joinSpans([[0, 10], [30, 40], [60, 70], [90, 100]], 10, 2)).toEqual([[0, 10], [30, 100]]);
    expect(joinSpans([], 10, 2)).toEqual([]);
  });
});
