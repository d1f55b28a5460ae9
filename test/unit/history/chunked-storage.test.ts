/**
 * Raw history through the store's interface, with the data still in pending flushes and after a repack into chunks:
 * the order and uniqueness a row store gave (time order, the last write of a millisecond wins), chunk limits,
 * compaction across a chunk, and files from the row-store version.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChunkTable } from '../../../main/engine/history/chunk-table';
import { SqliteHistory } from '../../../main/engine/history/sqlite-history';

const T0 = Date.UTC(2026, 0, 1);
let dir: string;
let store: SqliteHistory;
const at = (signalId: number, dt: number, value: number | string, quality = 0) => ({ signalId, t: T0 + dt, value, quality });
const rowsOf = async (signals: number[], from = T0, to = T0 + 86_400_000, max = 1_000_000) => (await store.raw(signals, from, to, max)).rows.map((r) => [r.signalId, r.t - T0, r.value]);
const chunkCount = () => Number(new DatabaseSync(join(dir, 'h.db')).prepare('SELECT COUNT(*) AS n FROM chunks').get()?.n);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rec-chunks-'));
  store = new SqliteHistory(join(dir, 'h.db'), { rawRetentionMs: 3_600_000, rollupIntervalMs: 60_000 });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['in pending flushes', false],
  ['after a repack into chunks', true],
])('raw history %s', (_label, repacked) => {
  const append = (samples: ReturnType<typeof at>[]) => {
    store.appendSync(samples, []);
    if (repacked) store.repack();
  };

  it('stores a batch in time order per signal, the last value given for a millisecond winning', async () => {
    append([at(1, 30, 'c'), at(2, 5, 'x'), at(1, 10, 'a'), at(1, 30, 'd'), at(1, 20, 'b')]);
    expect(await rowsOf([1, 2])).toEqual([[2, 5, 'x'], [1, 10, 'a'], [1, 20, 'b'], [1, 30, 'd']]);
  });

  it('lets a later batch replace a millisecond, and merges a late sample into its place', async () => {
    append([at(1, 0, 1), at(1, 100, 2), at(1, 200, 3)]);
    append([at(1, 100, 20), at(1, 50, 15), at(1, 300, 4)]);
    expect(await rowsOf([1])).toEqual([[1, 0, 1], [1, 50, 15], [1, 100, 20], [1, 200, 3], [1, 300, 4]]);
    const trend = await store.trend(1, T0, T0 + 400, 4);
    expect(trend.min).toEqual([1, 20, 3, 4]); // the replaced 2 is gone
    expect(trend.max).toEqual([15, 20, 3, 4]);
  });

  it('cuts five minutes of one signal into a chunk per minute (an epoch each) and finds samples in the middle of one', async () => {
    append(Array.from({ length: 301 }, (_, i) => at(1, i * 1000, i)));
    expect(chunkCount()).toBe(repacked ? 6 : 0); // minutes 0–4 and the sample at 5:00
    expect(await rowsOf([1], T0 + 150_500, T0 + 153_000)).toEqual([[1, 151_000, 151], [1, 152_000, 152]]);
    const quiet = await store.trend(1, T0 + 400_000, T0 + 500_000, 10);
    expect(quiet.carry).toEqual({ t: T0 + 300_000, value: 300 });
  });

  it('stops reading once it has the first rows a capped export needs, and says it was capped', async () => {
    for (let b = 0; b < 20; b++) append(Array.from({ length: 10 }, (_, i) => at(b % 2, b * 1000 + i, b * 10 + i)));
    const { rows, truncated } = await store.raw([0, 1], T0, T0 + 100_000, 25);
    expect(truncated).toBe(true);
    expect(rows.map((r) => r.t - T0)).toEqual([...Array.from({ length: 10 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => 1000 + i), 2000, 2001, 2002, 2003, 2004]);
  });

  it('compacts across a chunk: what precedes the cutoff is rolled up, the rest stays raw', async () => {
    await store.close();
    // 7 s rollups: the cutoff (now − 1 h, on a 7 s step) falls inside the minute, so it cuts that minute's chunk.
    store = new SqliteHistory(join(dir, 'h.db'), { rawRetentionMs: 3_600_000, rollupIntervalMs: 7_000 });
    append(Array.from({ length: 60 }, (_, i) => at(1, 3_540_000 + i * 1000, i)));
    const now = T0 + 2 * 3_600_000 - 25_000;
    const cutoff = Math.floor((now - 3_600_000) / 7_000) * 7_000 - T0; // 3_570_000 + a few seconds
    await store.compact(now);
    const raw = await rowsOf([1]);
    const firstKept = Math.ceil(cutoff / 1000);
    expect(raw[0]).toEqual([1, firstKept * 1000, firstKept - 3540]);
    expect(raw).toHaveLength(3600 - firstKept);
    const trend = await store.trend(1, T0 + 3_535_000, T0 + 3_605_000, 1);
    expect(trend.source).toBe('rollup');
    expect(trend.min[0]).toBe(0);
    expect(trend.max[0]).toBe(59);
    expect(store.integrityCheck()).toBe('ok');
  });

  it('rolls a millisecond written in two repacks up once, with its last value', async () => {
    append([at(1, 1000, 100)]);
    append([at(1, 1000, 1), at(1, 2000, 2)]);
    await store.compact(T0 + 2 * 3_600_000);
    const trend = await store.trend(1, T0, T0 + 60_000, 1);
    expect(trend).toMatchObject({ source: 'rollup', min: [1], max: [2] });
  });

  it('reads a signal whose repack also carried another signal\'s late sample', async () => {
    append([at(2, 50_000, 5)]);
    append([at(2, 55_000, 6), at(3, 10_000, 9)]); // signal 3 reports late, with its own old timestamp
    const trend = await store.trend(2, T0, T0 + 60_000, 12);
    expect(trend.t.map((t) => t - T0)).toEqual([50_000, 55_000]);
    expect(trend.carry).toBeUndefined();
  });

  it('counts a capped export after removing a millisecond written twice', async () => {
    append([at(1, 100, 1)]);
    append([at(1, 100, 2)]);
    append([at(1, 70_000, 3)]);
    expect(await store.raw([1], T0, T0 + 100_000, 1)).toMatchObject({ rows: [{ t: T0 + 100, value: 2 }], truncated: true });
  });

  it('exports several signals merged in (time, signal) order, the same rows as sorting them all, decoding a bounded number', async () => {
    // 64 signals at 10 Hz for 2 minutes, each with its own phase, written in two flushes, one millisecond written twice.
    const all: ReturnType<typeof at>[] = [];
    for (let s = 0; s < 64; s++) for (let k = 0; k < 1200; k++) all.push(at(s, k * 100 + (s % 7), s * 10_000 + k));
    append(all.filter((r) => r.t - T0 < 60_000));
    append([...all.filter((r) => r.t - T0 >= 60_000), at(5, 105, 'late')]);
    const expected = all
      .map((r) => (r.signalId === 5 && r.t === T0 + 105 ? { ...r, value: 'late' } : r))
      .sort((a, b) => a.t - b.t || a.signalId - b.signalId);
    const tiers = (store as unknown as { rawTiers: { series: (...args: unknown[]) => { t: number[] } } }).rawTiers;
    const series = tiers.series.bind(tiers);
    let decoded = 0;
    tiers.series = (...args: unknown[]) => {
      const found = series(...args);
      decoded += found.t.length;
      return found;
    };
    for (const maxRows of [1, 500, 4000]) {
      decoded = 0;
      const { rows, truncated } = await store.raw([...Array(64).keys()].reverse(), T0, T0 + 200_000, maxRows);
      expect(truncated).toBe(true);
      expect(rows).toEqual(expected.slice(0, maxRows));
      // Reading every signal up to the cap decoded 64 × (maxRows + 1), capped by what each signal holds.
      expect(decoded).toBeLessThanOrEqual(3 * (maxRows + 1) + 64 * 64);
    }
    expect((await store.raw([3, 9], T0 + 500, T0 + 1000, 100)).rows).toEqual(expected.filter((r) => (r.signalId === 3 || r.signalId === 9) && r.t >= T0 + 500 && r.t < T0 + 1000));
  });

  it('keeps a pending value over a chunked one at the same millisecond, and after the next repack too', async () => {
    append([at(1, 0, 1), at(1, 10, 2)]);
    store.appendSync([at(1, 10, 3)], []);
    expect(await rowsOf([1])).toEqual([[1, 0, 1], [1, 10, 3]]);
    store.repack();
    expect(await rowsOf([1])).toEqual([[1, 0, 1], [1, 10, 3]]);
    expect((await store.trend(1, T0 + 20, T0 + 30, 1)).carry).toEqual({ t: T0 + 10, value: 3 });
  });
});

describe('a repack that fails', () => {
  it('leaves the flush it followed committed and its samples readable, and is tried again later', async () => {
    const now = vi.spyOn(Date, 'now');
    try {
      now.mockReturnValue(T0);
      store.appendSync([at(1, 0, 1)], []);
      // Fails inside the slice's transaction, after writing part of it: the rollback must leave it all pending.
      const write = vi.spyOn(ChunkTable.prototype, 'endWrite').mockImplementation(() => {
        throw new Error('disk full');
      });
      now.mockReturnValue(T0 + 61_000); // a repack is due
      const alarm = { key: 'e/a', equipmentId: 'e', alarmId: 'a', priority: 'high', message: 'm', state: 'unack-active', previous: 'normal', active: true, acked: false, at: T0 } as const;
      expect(() => store.appendSync([at(1, 1000, 2)], [alarm])).not.toThrow();
      expect(write).toHaveBeenCalledTimes(1);
      expect(chunkCount()).toBe(0);
      expect(await store.storage()).toEqual({ pendingSamples: 2, repackFailing: 'disk full' });
      expect(await rowsOf([1])).toEqual([[1, 0, 1], [1, 1000, 2]]);
      expect(await store.alarms({ from: T0, to: T0 + 1, limit: 10 })).toHaveLength(1);
      store.appendSync([at(1, 2000, 3)], []);
      expect(write).toHaveBeenCalledTimes(1); // not at every flush: after REPACK_MS
      write.mockRestore();
      now.mockReturnValue(T0 + 122_000);
      store.appendSync([at(1, 3000, 4)], []);
      expect(chunkCount()).toBeGreaterThan(0);
      expect(await store.storage()).toEqual({ pendingSamples: 0 });
      expect((await rowsOf([1])).map((r) => r[2])).toEqual([1, 2, 3, 4]);
    } finally {
      now.mockRestore();
    }
  });
});

describe('history files of the row-store version', () => {
  it('moves a row-store file into chunks on open, values and qualities intact', async () => {
    await store.close();
    const path = join(dir, 'old.db');
    const old = new DatabaseSync(path);
    old.exec('CREATE TABLE samples (signal INTEGER NOT NULL, t INTEGER NOT NULL, value, quality INTEGER NOT NULL, PRIMARY KEY (signal, t)) WITHOUT ROWID');
    const insert = old.prepare('INSERT INTO samples VALUES (?, ?, ?, ?)');
    insert.run(1, T0, 1.5, 0);
    insert.run(1, T0 + 10, 'on', 0);
    insert.run(2, T0 + 5, null, 1);
    old.close();
    store = new SqliteHistory(path);
    expect((await store.raw([1, 2], T0, T0 + 100, 10)).rows).toEqual([
      { signalId: 1, t: T0, value: 1.5, quality: 0 },
      { signalId: 2, t: T0 + 5, value: 'NaN', quality: 1 },
      { signalId: 1, t: T0 + 10, value: 'on', quality: 0 },
    ]);
    const tables = new DatabaseSync(path).prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
    expect(tables).not.toContain('samples');
  });
});
