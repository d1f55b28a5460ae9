/** The embedded history store on a real SQLite file: trends, rollups, CSV, alarm history, retention and disk bound. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlarmTransition } from '../../../shared/contract/requests/alarms';
import { historyCsv } from '../../../main/engine/history/history-csv';
import type { HistorySample } from '../../../main/engine/history/history-store';
import { SqliteHistory } from '../../../main/engine/history/sqlite-history';

const T0 = Date.UTC(2026, 0, 1);
let dir: string;
let store: SqliteHistory;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rec-history-'));
  store = new SqliteHistory(join(dir, 'h.db'), { rawRetentionMs: 3_600_000, rollupIntervalMs: 60_000 });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** `signals` signals at 1 Hz for `seconds` from `start`: signal s at second i is s + sin(i / 60). */
function fill(signals: number, seconds: number, start = T0): void {
  for (let i = 0; i < seconds; i += 60) {
    const batch: HistorySample[] = [];
    for (let k = i; k < Math.min(seconds, i + 60); k++) for (let s = 0; s < signals; s++) batch.push({ signalId: s, t: start + k * 1000, value: s + Math.sin(k / 60), quality: 0 });
    store.appendSync(batch, []);
  }
}

/** A history file of the version before rollups kept first/last: one minute at T0 rolled up (min 3, max 8, two values). */
function oldRollupsFile(name: string): string {
  const path = join(dir, name);
  const old = new DatabaseSync(path);
  old.exec('CREATE TABLE rollups (signal INTEGER NOT NULL, t INTEGER NOT NULL, min REAL, max REAL, sum REAL, n INTEGER, PRIMARY KEY (signal, t)) WITHOUT ROWID');
  old.prepare('INSERT INTO rollups VALUES (1, ?, 3, 8, 11, 2)').run(T0);
  old.close();
  return path;
}

describe('SQLite history', () => {
  it('stores 100 signals × 1 h at 1 Hz within 48 bytes a sample, and answers a 1 h trend for 1,500 px with at most two points per pixel', async () => {
    fill(100, 3600);
    const bytes = store.sizeSync();
    console.info(`history: 360,000 samples in ${(bytes / 1024 ** 2).toFixed(1)} MiB (${(bytes / 360_000).toFixed(1)} B/sample)`);
    expect(bytes / 360_000).toBeLessThan(48);
    const series = await store.trend(3, T0, T0 + 3_600_000, 1500);
    expect(series.t.length).toBeLessThanOrEqual(1500);
    expect(series.t.length * 2).toBeLessThanOrEqual(3000);
    expect(series.t.length).toBeGreaterThan(1000);
    expect(Math.min(...series.min)).toBeCloseTo(2, 2);
    expect(Math.max(...series.max)).toBeCloseTo(4, 2);
    for (let i = 0; i < series.t.length; i++) expect(series.min[i]!).toBeLessThanOrEqual(series.max[i]!);
  });

  it('rolls raw data past its window into per-minute min/max and still answers trends over it', async () => {
    fill(5, 3 * 3600);
    await store.compact(T0 + 3 * 3_600_000);
    const { rows } = await store.raw([1], T0, T0 + 3 * 3_600_000, 100_000);
    expect(rows[0]!.t).toBeGreaterThanOrEqual(T0 + 2 * 3_600_000); // only the last hour stays raw
    const series = await store.trend(1, T0, T0 + 3 * 3_600_000, 300);
    expect(series.source).toBe('rollup');
    expect(series.t[0]).toBe(T0);
    expect(Math.min(...series.min)).toBeCloseTo(0, 2);
    expect(Math.max(...series.max)).toBeCloseTo(2, 2);
  });

  it('a signal quiet for longer than raw retention still carries its value into a recent trend, after compaction and reopening', async () => {
    store.appendSync([{ signalId: 1, t: T0, value: 42, quality: 0 }, { signalId: 2, t: T0 + 1000, value: 'AUTO', quality: 0 }], []); // a setpoint, a mode
    store.appendSync([{ signalId: 1, t: T0 + 60_000, value: 43, quality: 0 }], []);
    const recent: [number, number] = [T0 + 7_000_000, T0 + 7_100_000];
    expect((await store.trend(1, ...recent, 100)).carry).toEqual({ t: T0 + 60_000, value: 43 });
    await store.compact(T0 + 7_200_000); // an hour's retention: both samples are rolled up and dropped
    expect((await store.raw([1], T0, T0 + 7_200_000, 10)).rows).toEqual([]);
    expect((await store.trend(1, ...recent, 100)).carry).toEqual({ t: T0 + 60_000, value: 43 });
    // A late write to an older millisecond, compacted later, does not move the value back.
    store.appendSync([{ signalId: 1, t: T0 + 30_000, value: 99, quality: 0 }], []);
    await store.compact(T0 + 7_200_000);
    expect((await store.trend(1, ...recent, 100)).carry).toEqual({ t: T0 + 60_000, value: 43 });
    // A later value takes over once it too is compacted; the row survives reopening the file.
    store.appendSync([{ signalId: 1, t: T0 + 7_300_000, value: 44, quality: 0 }], []);
    await store.compact(T0 + 11_000_000);
    await store.close();
    store = new SqliteHistory(join(dir, 'h.db'), { rawRetentionMs: 3_600_000, rollupIntervalMs: 60_000 });
    expect((await store.trend(1, T0 + 11_000_000, T0 + 11_100_000, 100)).carry).toEqual({ t: T0 + 7_300_000, value: 44 });
    expect((await store.trend(2, ...recent, 100)).carry).toBeUndefined(); // text carries no line, as before compaction
  });

  it('gives each trend bucket its first and last value, so a chart ends it on the value in effect, not on an extreme', async () => {
    // 10 before the range, 20 at +1 s, 15 at +1.5 s: one bucket of a 1 h trend at 1,500 px holds both.
    store.appendSync([{ signalId: 1, t: T0 - 1000, value: 10, quality: 0 }, { signalId: 1, t: T0 + 1000, value: 20, quality: 0 }, { signalId: 1, t: T0 + 1500, value: 15, quality: 0 }], []);
    const raw = await store.trend(1, T0, T0 + 3_600_000, 1500);
    expect(raw).toMatchObject({ source: 'raw', t: [T0], min: [15], max: [20], first: [20], last: [15], carry: { t: T0 - 1000, value: 10 } });
    // Rolled up: the per-minute rows keep their first and last value too, across two minutes in one bucket.
    store.appendSync([{ signalId: 1, t: T0 + 70_000, value: 30, quality: 0 }, { signalId: 1, t: T0 + 80_000, value: 12, quality: 0 }, { signalId: 1, t: T0 + 90_000, value: 17, quality: 0 }], []);
    await store.compact(T0 + 3 * 3_600_000);
    const rolled = await store.trend(1, T0, T0 + 3_600_000, 1);
    expect(rolled).toMatchObject({ source: 'rollup', t: [T0], min: [12], max: [30], first: [20], last: [17] });
    const split = await store.trend(1, T0, T0 + 120_000, 2);
    expect(split).toMatchObject({ source: 'rollup', t: [T0, T0 + 60_000], first: [20, 30], last: [15, 17] });
  });

  it('keeps first and last when a rolled-up interval is written in two compactions', async () => {
    store.appendSync([{ signalId: 1, t: T0 + 10_000, value: 1, quality: 0 }, { signalId: 1, t: T0 + 20_000, value: 2, quality: 0 }], []);
    await store.compact(T0 + 2 * 3_600_000);
    store.appendSync([{ signalId: 1, t: T0 + 5_000, value: 7, quality: 0 }, { signalId: 1, t: T0 + 50_000, value: 9, quality: 0 }, { signalId: 1, t: T0 + 15_000, value: 4, quality: 0 }], []); // late, in the same minute
    await store.compact(T0 + 2 * 3_600_000);
    expect(await store.trend(1, T0, T0 + 60_000, 1)).toMatchObject({ min: [1], max: [9], first: [7], last: [9] });
  });

  it('counts rolled-up intervals overlapping the range: the one the range starts in is not dropped', async () => {
    store.appendSync([{ signalId: 1, t: T0 + 10_000, value: 100, quality: 0 }, { signalId: 1, t: T0 + 70_000, value: 5, quality: 0 }], []);
    await store.compact(T0 + 3 * 3_600_000);
    // [T0 + 30 s, T0 + 90 s): the minute from T0 (100) overlaps it, the minute from T0 + 60 s (5) lies in it.
    expect(await store.trend(1, T0 + 30_000, T0 + 90_000, 1)).toMatchObject({ source: 'rollup', t: [T0 + 30_000], min: [5], max: [100], first: [100], last: [5] });
  });

  it('adds first and last columns to the rollups of a file from before them; its old intervals have none', async () => {
    await store.close();
    const path = oldRollupsFile('old-rollups.db');
    store = new SqliteHistory(path, { rawRetentionMs: 3_600_000, rollupIntervalMs: 60_000 });
    store.appendSync([{ signalId: 1, t: T0 + 60_000, value: 4, quality: 0 }, { signalId: 1, t: T0 + 61_000, value: 6, quality: 0 }], []);
    await store.close();
    store = new SqliteHistory(path, { rawRetentionMs: 3_600_000, rollupIntervalMs: 60_000 });
    await store.compact(T0 + 3 * 3_600_000);
    const series = await store.trend(1, T0, T0 + 120_000, 2);
    expect(series).toMatchObject({ source: 'rollup', min: [3, 4], max: [8, 6], first: [null, 4], last: [null, 6] });
  });

  it('a late sample merged into a minute rolled up before first/last existed leaves them unknown, never its own', async () => {
    await store.close();
    const path = oldRollupsFile('old-rollups-late.db');
    store = new SqliteHistory(path, { rawRetentionMs: 3_600_000, rollupIntervalMs: 60_000 });
    store.appendSync([{ signalId: 1, t: T0 + 30_000, value: 100, quality: 0 }], []); // late, into the old minute
    await store.compact(T0 + 3 * 3_600_000);
    const series = await store.trend(1, T0, T0 + 60_000, 1);
    expect(series).toMatchObject({ source: 'rollup', min: [3], max: [100], first: [null], last: [null] });
  });

  it('rolls samples before 1970 into their own interval (floor, as the cutoff), not the one after', async () => {
    store.appendSync([{ signalId: 1, t: -30_000, value: 5, quality: 0 }, { signalId: 1, t: 30_000, value: 7, quality: 0 }], []);
    await store.compact(3 * 3_600_000);
    const series = await store.trend(1, -60_000, 60_000, 2);
    expect(series).toMatchObject({ source: 'rollup', t: [-60_000, 0], min: [5, 7], max: [5, 7] });
  });

  it('exports raw values of a range as CSV with their unit, paced tags marked, capped and flagged when truncated', async () => {
    store.appendSync([{ signalId: 0, t: T0, value: 1.5, quality: 0 }, { signalId: 1, t: T0 + 1, value: '=cmd|x', quality: 2 }, { signalId: 0, t: T0 + 2, value: 2, quality: 1 }], []);
    const all = await store.raw([0, 1], T0, T0 + 10, 10);
    expect(all.truncated).toBe(false);
    const signals = { 0: { equipmentId: 'crane', tag: 'wind', unit: 'm/s', everyMs: 5000 }, 1: { equipmentId: 'crane', tag: 'text, "quoted"' } };
    const csv = historyCsv(all.rows, signals);
    // The store makes the same text itself (on the engine, on its own thread).
    expect(await store.csv([0, 1], T0, T0 + 10, 10, signals)).toEqual({ csv, rows: 3, truncated: false });
    expect(csv.split('\r\n')).toEqual([
      'time,signal,equipment,tag,value,unit,quality,recorded_every_ms',
      '2026-01-01T00:00:00.000Z,0,crane,wind,1.5,m/s,good,5000',
      `2026-01-01T00:00:00.001Z,1,crane,"text, ""quoted""",'=cmd|x,,stale,`,
      '2026-01-01T00:00:00.002Z,0,crane,wind,2,m/s,bad,5000',
      '',
    ]);
    const capped = await store.raw([0, 1], T0, T0 + 10, 2);
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.rows).toHaveLength(2);
  });

  it('exports in pages that join to the whole export: each page after the last row of the one before, rows sharing a millisecond included', async () => {
    // Three signals at the same milliseconds, a page boundary falling between signals of one millisecond.
    const batch: HistorySample[] = [];
    for (let k = 0; k < 7; k++) for (const signalId of [0, 1, 2]) batch.push({ signalId, t: T0 + k, value: 10 * k + signalId, quality: 0 });
    store.appendSync(batch, []);
    const signals = {};
    const whole = await store.csv([0, 1, 2], T0, T0 + 100, 1000, signals);
    const lines: string[] = [];
    let after: { t: number; signalId: number } | undefined;
    let pages = 0;
    for (;;) {
      const page = await store.csv([0, 1, 2], T0, T0 + 100, 4, signals, after);
      pages++;
      lines.push(...page.csv.split('\r\n').slice(1, -1)); // without the header and the empty string after the last break
      expect(page.rows).toBeLessThanOrEqual(4);
      if (!page.truncated) {
        expect(page.next).toBeUndefined();
        break;
      }
      expect(page.next).toBeDefined();
      after = page.next;
    }
    expect(pages).toBe(6); // 21 rows, 4 a page
    expect(lines).toEqual(whole.csv.split('\r\n').slice(1, -1));
    expect(new Set(lines).size).toBe(21);
    // A cursor before the range starts the range; one at its last row leaves nothing.
    expect((await store.csv([0, 1, 2], T0, T0 + 100, 100, signals, { t: T0 - 5, signalId: 0 })).rows).toBe(21);
    expect(await store.csv([0, 1, 2], T0, T0 + 100, 100, signals, { t: T0 + 6, signalId: 2 })).toMatchObject({ rows: 0, truncated: false });
  });

  it('queries alarm transitions by time, equipment, priority and state, newest first', async () => {
    const t = (at: number, equipmentId: string, priority: AlarmTransition['priority'], state: AlarmTransition['state']): AlarmTransition => ({
      key: `${equipmentId}/a`, equipmentId, alarmId: 'a', priority, message: 'm', state, previous: 'normal', active: state.includes('active'), acked: false, at,
    });
    store.appendSync([], [t(T0, 'crane', 'high', 'unack-active'), t(T0 + 10, 'crane', 'high', 'ack-active'), t(T0 + 20, 'ladle', 'urgent', 'unack-active'), t(T0 + 30, 'crane', 'low', 'unack-active')]);
    const all = { from: T0, to: T0 + 100, limit: 100 };
    expect((await store.alarms(all)).map((a) => a.at)).toEqual([T0 + 30, T0 + 20, T0 + 10, T0]);
    expect((await store.alarms({ ...all, equipmentId: 'crane', priority: 'high' })).map((a) => a.state)).toEqual(['ack-active', 'unack-active']);
    expect((await store.alarms({ ...all, state: 'unack-active', from: T0 + 5 })).map((a) => a.equipmentId)).toEqual(['crane', 'ladle']);
  });

  it('keeps the file under its disk bound by rolling up the oldest raw data early: its trend keeps its shape, no hole, no gap', async () => {
    await store.close();
    const bound = 4 * 1024 * 1024; // well under the 3 h of 50 signals written, even packed into chunks
    store = new SqliteHistory(join(dir, 'bounded.db'), { rawRetentionMs: 86_400_000, maxBytes: bound });
    fill(50, 3 * 3600);
    expect(store.sizeSync()).toBeGreaterThan(bound);
    await store.compact(T0 + 3 * 3_600_000);
    expect(store.usedBytes()).toBeLessThanOrEqual(bound);
    const { rows } = await store.raw([0], T0, T0 + 3 * 3_600_000, 1_000_000);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.t).toBeGreaterThan(T0); // the oldest raw data went: rolled up, not dropped
    // A day later the rest rolls up too: the 3 h trend starts where the data does, min and max as they were.
    await store.compact(T0 + 3 * 3_600_000 + 86_400_000 + 60_000);
    const trend = await store.trend(0, T0, T0 + 3 * 3_600_000, 180);
    expect(trend.t[0]).toBe(T0);
    expect(trend.gaps ?? []).toEqual([]);
    expect(Math.min(...(trend.min as number[]))).toBeCloseTo(-1, 2);
    expect(Math.max(...(trend.max as number[]))).toBeCloseTo(1, 2);
    expect(store.integrityCheck()).toBe('ok');
  });
});
