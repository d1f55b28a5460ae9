/**
 * Trends over rolled-up data draw as the raw trend did while it was young: an outage is still a gap (never bridged),
 * and a value steady through the range is carried in from before it. Real SQLite files on a temp dir.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistorySample } from '../../../main/engine/history/history-store';
import { SqliteHistory } from '../../../main/engine/history/sqlite-history';
import { Quality } from '../../../shared/contract/telemetry';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const LIMITS = { rawRetentionMs: HOUR, rollupIntervalMs: 60_000 };
let dir: string;
let store: SqliteHistory;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rec-rollup-gaps-'));
  store = new SqliteHistory(join(dir, 'h.db'), LIMITS);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const at = (seconds: number, value: number | string, quality: number = Quality.good): HistorySample => ({ signalId: 1, t: T0 + seconds * 1000, value, quality });

/**
 * An hour of signal 1 at one change per 10 s, with outages of every shape (at most one per minute, the rollups'
 * resolution): over several minutes, with changes inside, within one minute, across a minute boundary, a text on a
 * good quality, and one still open at the end.
 */
function hourWithOutages(): HistorySample[] {
  const outages: [number, number | undefined, HistorySample[]][] = [
    [95, 250, [at(95, 5, Quality.stale)]],
    [300, 415, [at(300, -1, Quality.bad), at(330, -2, Quality.bad), at(400, -3, Quality.stale)]],
    [612, 618, [at(612, 7, Quality.stale)]],
    [719, 720, [at(719, 8, Quality.bad)]],
    [905, 960, [at(905, 'ERR')]],
    [3505, undefined, [at(3505, 9, Quality.stale)]],
  ];
  const samples: HistorySample[] = [];
  for (let s = 0; s < 3600; s += 10) {
    if (!outages.some(([start, end]) => s >= start && (end === undefined || s < end))) samples.push(at(s, Math.round(10 * Math.sin(s / 300))));
  }
  for (const [, end, bad] of outages) samples.push(...bad, ...(end === undefined ? [] : [at(end, 1)]));
  return samples.sort((a, b) => a.t - b.t);
}

describe('trends over rolled-up data', () => {
  it('show every outage as the gap the raw trend showed, at every width, and carry the same value in', async () => {
    store.appendSync(hourWithOutages(), []);
    const ranges: [number, number, number][] = [
      [T0, T0 + HOUR, 3600],
      [T0, T0 + HOUR, 60],
      [T0, T0 + HOUR, 7],
      [T0 + 30 * 60_000, T0 + HOUR, 300],
      [T0 + 5 * 60_000, T0 + 15 * 60_000, 600], // starts inside an outage
    ];
    const raw = await Promise.all(ranges.map((r) => store.trend(1, ...r)));
    expect(raw[0]!.source).toBe('raw');
    expect(raw[0]!.gaps).toHaveLength(6);
    expect(raw[4]!.gaps![0]![0]).toBe(T0 + 5 * 60_000);
    await store.compact(T0 + 3 * HOUR);
    expect((await store.raw([1], T0, T0 + HOUR, 10)).rows).toEqual([]);
    for (const [k, range] of ranges.entries()) {
      const rolled = await store.trend(1, ...range);
      expect(rolled.source, `range ${k}`).toBe('rollup');
      expect({ gaps: rolled.gaps, carry: rolled.carry }, `range ${k}`).toEqual({ gaps: raw[k]!.gaps, carry: raw[k]!.carry });
    }
  });

  it('show an outage that lasted through the range as one gap over all of it, with nothing carried in', async () => {
    store.appendSync([at(0, 5), at(600, 5, Quality.stale), at(5 * 3600, 6)], []);
    await store.compact(T0 + 8 * HOUR);
    const series = await store.trend(1, T0 + HOUR, T0 + 2 * HOUR, 100);
    expect(series).toMatchObject({ source: 'raw', t: [], gaps: [[T0 + HOUR, T0 + 2 * HOUR]] });
    expect(series.carry).toBeUndefined();
  });

  it('carry a value steady through the range in from before it, also where the range runs on into raw data', async () => {
    // A setpoint written at T0 and changed ten hours later; both rolled up (an hour of raw retention).
    store.appendSync([at(0, 42), at(10 * 3600, 43)], []);
    await store.compact(T0 + 12 * HOUR);
    const quiet = await store.trend(1, T0 + 2 * HOUR, T0 + 3 * HOUR, 100);
    expect(quiet).toMatchObject({ t: [], gaps: [], carry: { t: T0, value: 42 } });
    // From rolled-up time on into raw: the value in effect at the range's start, not the last one rolled up.
    const mixed = await store.trend(1, T0 + 9 * HOUR, T0 + 12 * HOUR, 180);
    expect(mixed).toMatchObject({ source: 'rollup', t: [T0 + 10 * HOUR], first: [43], gaps: [], carry: { t: T0, value: 42 } });
    await store.close();
    store = new SqliteHistory(join(dir, 'h.db'), LIMITS);
    expect((await store.trend(1, T0 + 2 * HOUR, T0 + 3 * HOUR, 100)).carry).toEqual({ t: T0, value: 42 });
  });

  it('join two outages within one rolled-up minute into one gap from the first to the end of the last', async () => {
    store.appendSync([at(0, 1), at(10, 2, Quality.bad), at(20, 3), at(40, 4, Quality.stale), at(50, 5), at(70, 6)], []);
    await store.compact(T0 + 3 * HOUR);
    expect((await store.trend(1, T0, T0 + 120_000, 120)).gaps).toEqual([[T0 + 10_000, T0 + 50_000]]);
  });

  it('keep a gap a late bad sample brings into a minute already rolled up, up to the good value after it', async () => {
    const other = (sample: HistorySample) => ({ ...sample, signalId: 2 });
    store.appendSync([at(10, 1), at(50, 2), at(70, 3), ...[at(10, 1), at(20, 2), at(70, 3)].map(other)], []);
    await store.compact(T0 + 3 * HOUR);
    // Late: their minute was rolled up already. Signal 1's minute still ends good; signal 2's now ends in the gap.
    store.appendSync([at(30, 0, Quality.bad), other(at(40, 0, Quality.stale))], []);
    await store.compact(T0 + 3 * HOUR);
    expect((await store.trend(1, T0, T0 + 120_000, 120)).gaps).toEqual([[T0 + 30_000, T0 + 50_000]]);
    expect((await store.trend(2, T0, T0 + 120_000, 120)).gaps).toEqual([[T0 + 40_000, T0 + 70_000]]);
  });

  it('let a late sample at the millisecond of a minute\'s first value replace it, as the later write does in raw data', async () => {
    store.appendSync([at(10, 5), at(20, 7)], []);
    await store.compact(T0 + 3 * HOUR);
    store.appendSync([at(10, 6)], []);
    await store.compact(T0 + 3 * HOUR);
    expect(await store.trend(1, T0, T0 + 60_000, 1)).toMatchObject({ source: 'rollup', first: [6], last: [7] });
  });

  it('adds the gap columns to a file from before them: its old minutes show no gap (an outage in them stays bridged), new ones do', async () => {
    await store.close();
    const path = join(dir, 'before-gaps.db');
    const old = new DatabaseSync(path);
    old.exec('CREATE TABLE rollups (signal INTEGER NOT NULL, t INTEGER NOT NULL, min REAL, max REAL, sum REAL, n INTEGER, first REAL, first_t INTEGER, last REAL, last_t INTEGER, PRIMARY KEY (signal, t)) WITHOUT ROWID');
    old.prepare('INSERT INTO rollups VALUES (1, ?, 3, 8, 11, 2, 3, ?, 8, ?)').run(T0, T0 + 1000, T0 + 2000);
    old.close();
    store = new SqliteHistory(path, LIMITS);
    store.appendSync([at(600, 4), at(660, 4, Quality.stale), at(780, 5)], []);
    await store.compact(T0 + 3 * HOUR);
    const check = new DatabaseSync(path);
    const columns = check.prepare('PRAGMA table_info(rollups)').all().map((r) => String(r.name));
    check.close();
    expect(columns).toEqual(expect.arrayContaining(['gap_t', 'good_t', 'end_t']));
    expect(await store.trend(1, T0, T0 + 900_000, 900)).toMatchObject({ source: 'rollup', gaps: [[T0 + 660_000, T0 + 780_000]] });
    // The old minute's last value is known (8): carried into a range after it, before the new minutes.
    expect((await store.trend(1, T0 + 120_000, T0 + 300_000, 100)).carry).toEqual({ t: T0 + 2000, value: 8 });
  });
});

describe('rolled-up gaps at short buckets', () => {
  it('a minute that closes the gap carried in from the minute before and then opens one of its own keeps the good values between (1 s buckets)', async () => {
    store.appendSync([at(0, 1), at(50, 0, Quality.stale), at(65, 2), at(80, 3), at(100, 0, Quality.bad), at(110, 4), at(130, 5)], []);
    const range = [T0, T0 + 180_000, 180] as const;
    const raw = await store.trend(1, ...range);
    expect(raw.gaps).toEqual([[T0 + 50_000, T0 + 65_000], [T0 + 100_000, T0 + 110_000]]);
    await store.compact(T0 + 3 * HOUR);
    const rolled = await store.trend(1, ...range);
    expect(rolled.source).toBe('rollup');
    expect(rolled.gaps).toEqual(raw.gaps);
  });

  it('a bucket that closes the gap the range starts in and then ends in a new one (buckets of ~2 min)', async () => {
    store.appendSync([at(-66, 14, Quality.stale), at(5, 'TXT', Quality.stale), at(40, 97), at(99, 30), at(100, 32), at(144, 67), at(170, 76, Quality.stale), at(205, 55), at(234, 81)], []);
    const range = [T0, T0 + 1_140_000, 9] as const; // buckets of 126,667 ms
    const raw = await store.trend(1, ...range);
    expect(raw.gaps).toEqual([[T0, T0 + 40_000], [T0 + 170_000, T0 + 205_000]]);
    await store.compact(T0 + 3 * HOUR);
    expect((await store.trend(1, ...range)).gaps).toEqual(raw.gaps);
  });

  it('gaps in adjacent minutes, seen from a range that starts mid-minute at 1 s buckets', async () => {
    store.appendSync([at(0, 1), at(20, 0, Quality.bad), at(70, 2), at(95, 0, Quality.stale), at(100, 3), at(125, 0, Quality.bad), at(150, 4), at(200, 5)], []);
    const range = [T0 + 30_000, T0 + 210_000, 180] as const;
    const raw = await store.trend(1, ...range);
    expect(raw.gaps).toEqual([[T0 + 30_000, T0 + 70_000], [T0 + 95_000, T0 + 100_000], [T0 + 125_000, T0 + 150_000]]);
    await store.compact(T0 + 3 * HOUR);
    expect((await store.trend(1, ...range)).gaps).toEqual(raw.gaps);
  });
});
