/**
 * The pending tier in slices of signals and the repack that takes one slice per transaction: where rows go, what a
 * query decodes, epochs shared by a repack's slices, a slice that fails, a repack that lets queries in between its
 * slices, when a repack falls due, and files whose pending flushes predate slices.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeBatch } from '../../../main/engine/history/batch-codec';
import { ChunkTable } from '../../../main/engine/history/chunk-table';
import { PENDING_SCHEMA, PendingTable, SLICE_SIGNALS } from '../../../main/engine/history/pending-table';
import { REPACK_MS, REPACK_SAMPLES } from '../../../main/engine/history/raw-history';
import { SampleColumns, toColumns } from '../../../main/engine/history/sample-columns';
import { SqliteHistory } from '../../../main/engine/history/sqlite-history';

const T0 = Date.UTC(2026, 0, 1);
/** Signals in slices 0, 0, 1, 3. */
const SIGNALS = [1, SLICE_SIGNALS - 1, SLICE_SIGNALS, 3 * SLICE_SIGNALS + 5];
let dir: string;
let store: SqliteHistory;
const at = (signalId: number, dt: number, value: number | string, quality = 0) => ({ signalId, t: T0 + dt, value, quality });
/** Each signal once a second for `seconds` from `fromS`, value = signal + second. */
const seconds = (fromS: number, count: number) => Array.from({ length: count }, (_, s) => SIGNALS.map((id) => at(id, (fromS + s) * 1000, id + fromS + s))).flat();
const query = (sql: string) => {
  const db = new DatabaseSync(join(dir, 'h.db'));
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};
const rowsOf = async (signals = SIGNALS) => (await store.raw(signals, T0, T0 + 86_400_000, 1_000_000)).rows.map((r) => [r.signalId, r.t - T0, r.value]);
/** Samples stored, counting every copy: in chunks and still pending. */
const stored = () => query('SELECT (SELECT COALESCE(SUM(n), 0) FROM chunks) + (SELECT COALESCE(SUM(n), 0) FROM pending_slices) AS n')[0]?.n;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
/** Waits, a turn of the event loop at a time, until `done` (the store's background repack runs a slice a turn). */
const until = async (done: () => Promise<boolean>) => {
  for (let turn = 0; turn < 1000 && !(await done()); turn++) await nextTurn();
  expect(await done()).toBe(true);
};
const pendingIs = (n: number) => async () => (await store.storage()).pendingSamples === n;
const expected = (fromS: number, count: number) =>
  Array.from({ length: count }, (_, s) => SIGNALS.map((id) => [id, (fromS + s) * 1000, id + fromS + s])).flat();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rec-sliced-'));
  store = new SqliteHistory(join(dir, 'h.db'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pending flushes in slices of signals', () => {
  it('keeps each slice of a flush in a row of its own, and a query decodes only the slices it asks for', async () => {
    store.appendSync(seconds(0, 3), []);
    expect(query('SELECT slice, n FROM pending_slices ORDER BY seq')).toEqual([
      { slice: 0, n: 6 },
      { slice: 1, n: 3 },
      { slice: 3, n: 3 },
    ]);
    const db = new DatabaseSync(':memory:');
    db.exec(PENDING_SCHEMA);
    const pending = new PendingTable(db);
    pending.append(toColumns(seconds(0, 3)), 0);
    expect(pending.snapshot(T0 + 10_000, [1])).toHaveLength(1);
    expect(pending.snapshot(T0 + 10_000, [1, SLICE_SIGNALS - 1])).toHaveLength(1);
    expect(pending.snapshot(T0 + 10_000, [1, 3 * SLICE_SIGNALS + 5])).toHaveLength(2);
    expect(pending.snapshot(T0, [1])).toHaveLength(0); // nothing before the range's end
    expect(await rowsOf()).toEqual(expected(0, 3).sort((a, b) => (a[1] as number) - (b[1] as number) || (a[0] as number) - (b[0] as number)));
    db.close();
  });

  it('repacks flushes of several slices into one epoch per minute, whatever the slices, the latest write of a millisecond kept', async () => {
    store.appendSync(seconds(0, 50), []);
    store.appendSync(seconds(50, 30), []); // into the second minute
    store.appendSync([at(1, 2000, 'late'), at(SLICE_SIGNALS, 500, 'early')], []); // a rewrite and an out-of-order sample
    store.repack();
    expect(query('SELECT COUNT(*) AS n FROM epochs')).toEqual([{ n: 2 }]);
    expect(query('SELECT COUNT(*) AS n FROM pending_slices')).toEqual([{ n: 0 }]);
    expect(query('SELECT COUNT(DISTINCT signal) AS n FROM chunks')).toEqual([{ n: 4 }]);
    expect(query('SELECT SUM(n) AS n FROM chunks')).toEqual([{ n: 80 * 4 + 1 }]); // each sample once, in its minute's epoch
    const want = expected(0, 80).map((r) => (r[0] === 1 && r[1] === 2000 ? [1, 2000, 'late'] : r));
    want.push([SLICE_SIGNALS, 500, 'early']);
    const bySignalThenTime = (a: (string | number)[], b: (string | number)[]) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number);
    expect((await rowsOf()).sort(bySignalThenTime)).toEqual(want.sort(bySignalThenTime));
    expect(store.integrityCheck()).toBe('ok');
  });

  it('leaves a slice whose transaction fails pending and readable, keeps the slices before it, and finishes later', async () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(T0);
    store.appendSync(seconds(0, 10), []);
    const real = ChunkTable.prototype.endWrite;
    let calls = 0;
    vi.spyOn(ChunkTable.prototype, 'endWrite').mockImplementation(function (this: ChunkTable) {
      if (++calls === 2) throw new Error('disk full');
      real.call(this);
    });
    now.mockReturnValue(T0 + REPACK_MS + 1000);
    store.appendSync(seconds(10, 1), []);
    expect(calls).toBe(2); // slice 0 done, slice 1 failed, slice 3 not tried
    expect(await store.storage()).toEqual({ pendingSamples: 22, repackFailing: 'disk full' }); // slices 1 and 3: 11 s × 2
    expect(query('SELECT DISTINCT signal FROM chunks ORDER BY signal')).toEqual([{ signal: 1 }, { signal: SLICE_SIGNALS - 1 }]);
    expect((await rowsOf()).length).toBe(44); // nothing lost
    expect(stored()).toBe(44); // nothing twice
    now.mockReturnValue(T0 + 2 * REPACK_MS + 2000);
    store.appendSync(seconds(11, 1), []);
    expect(await store.storage()).toEqual({ pendingSamples: 0 });
    expect((await rowsOf()).sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number))).toEqual(
      expected(0, 12).sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)),
    );
  });

  it('reads its counts back when a slice fails to commit, so that slice is still counted and repacked later', async () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(T0);
    store.appendSync(seconds(0, 10), []);
    const exec = DatabaseSync.prototype.exec;
    let commits = 0;
    vi.spyOn(DatabaseSync.prototype, 'exec').mockImplementation(function (this: DatabaseSync, sql: string) {
      if (sql === 'COMMIT' && ++commits === 3) throw new Error('disk I/O error'); // the flush, slice 0, then slice 1
      exec.call(this, sql);
    });
    now.mockReturnValue(T0 + REPACK_MS + 1000);
    store.appendSync(seconds(10, 1), []);
    expect(await store.storage()).toEqual({ pendingSamples: 22, repackFailing: 'disk I/O error' });
    vi.mocked(DatabaseSync.prototype.exec).mockRestore();
    expect(stored()).toBe(44);
    now.mockReturnValue(T0 + 2 * REPACK_MS + 2000);
    store.appendSync(seconds(11, 1), []);
    expect(await store.storage()).toEqual({ pendingSamples: 0 });
    expect(stored()).toBe(48);
  });

  it('repacks in the background after the flush that made it due, a slice a turn, answering queries in between', async () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(T0);
    await store.append(seconds(0, 10), []);
    now.mockReturnValue(T0 + REPACK_MS + 1000);
    await store.append(seconds(10, 1), []); // resolves once committed: the repack has not begun
    expect((await store.storage()).pendingSamples).toBe(44);
    await nextTurn(); // one slice
    const during = (await store.storage()).pendingSamples;
    expect(during).toBeGreaterThan(0);
    expect(during).toBeLessThan(44);
    expect(await rowsOf()).toHaveLength(44); // part in chunks, part pending: all of it
    expect(stored()).toBe(44); // once
    await store.append(seconds(11, 1), []); // lands meanwhile, starts no second repack, and waits for the next one
    await until(pendingIs(4));
    expect(await rowsOf()).toHaveLength(48);
    // The flush that landed meanwhile is the oldest pending now: the next repack is a minute after it, not at once.
    await store.append(seconds(12, 1), []);
    await nextTurn();
    await nextTurn();
    expect((await store.storage()).pendingSamples).toBe(8);
    now.mockReturnValue(T0 + 2 * REPACK_MS + 1000);
    await store.append(seconds(13, 1), []);
    await until(pendingIs(0));
    expect(await rowsOf()).toHaveLength(56);
    expect(stored()).toBe(56);
  });

  it('widens an epoch its slices share to all their samples, so a range only a later slice covers is found', async () => {
    store.appendSync([...Array.from({ length: 10 }, (_, s) => at(1, s * 1000, s)), ...Array.from({ length: 10 }, (_, s) => at(SLICE_SIGNALS, 40_000 + s * 1000, s))], []);
    store.repack();
    expect(query('SELECT tmin, tmax FROM epochs')).toEqual([{ tmin: T0, tmax: T0 + 49_000 }]);
    expect((await store.raw([SLICE_SIGNALS], T0 + 40_000, T0 + 43_000, 100)).rows.map((r) => r.value)).toEqual([0, 1, 2]);
  });

  it('falls due when one slice holds REPACK_SAMPLES, not when as many are spread over two', { timeout: 60_000 }, () => {
    const fill = (signals: number[], samples: number, fromS: number) => {
      const batch = new SampleColumns(samples);
      for (let k = 0; batch.length < samples; k++) for (const id of signals) batch.push(id, T0 + fromS * 1000 + k, k, 0);
      store.appendSync(batch, []);
    };
    const slice0 = Array.from({ length: 100 }, (_, i) => i);
    const slice1 = slice0.map((i) => SLICE_SIGNALS + i);
    fill(slice0, REPACK_SAMPLES / 2, 0);
    fill(slice1, REPACK_SAMPLES / 2, 0);
    expect(query('SELECT COUNT(*) AS n FROM chunks')).toEqual([{ n: 0 }]);
    fill(slice0, REPACK_SAMPLES / 2, 20);
    expect(query('SELECT COUNT(*) AS n FROM pending_slices')).toEqual([{ n: 0 }]); // every slice goes with it
  });
});

describe('history files whose pending flushes predate slices', () => {
  it('cuts them into slices on open, in write order, and sets aside what it cannot read', async () => {
    await store.close();
    const path = join(dir, 'old.db');
    const old = new DatabaseSync(path);
    old.exec('CREATE TABLE pending (seq INTEGER PRIMARY KEY, tmin INTEGER NOT NULL, tmax INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL)');
    const insert = old.prepare('INSERT INTO pending (tmin, tmax, n, data) VALUES (?, ?, ?, ?)');
    for (const rows of [seconds(0, 2), [at(1, 1000, 'rewritten')]]) {
      const { data, tmin, tmax } = encodeBatch(toColumns(rows));
      insert.run(tmin, tmax, rows.length, data);
    }
    insert.run(T0, T0, 3, new Uint8Array([1, 2, 3])); // a row no version could read
    old.close();
    store = new SqliteHistory(path);
    const tables = new DatabaseSync(path).prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
    expect(tables).not.toContain('pending');
    expect(new DatabaseSync(path).prepare('SELECT n FROM pending_unreadable').all()).toEqual([{ n: 3 }]); // kept aside, not in the way
    expect(await store.storage()).toEqual({ pendingSamples: 9 });
    const read = async () => (await store.raw(SIGNALS, T0, T0 + 10_000, 100)).rows.map((r) => [r.signalId, r.t - T0, r.value]);
    const want = expected(0, 2).map((r) => (r[0] === 1 && r[1] === 1000 ? [1, 1000, 'rewritten'] : r)).sort((a, b) => (a[1] as number) - (b[1] as number) || (a[0] as number) - (b[0] as number));
    expect(await read()).toEqual(want);
    store.repack();
    expect(await read()).toEqual(want);
  });
});
