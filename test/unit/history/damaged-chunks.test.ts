/**
 * A damaged chunk (its bytes no longer fit its samples: a bad block, a torn page) cannot stop retention: compaction
 * drops it unread, rolls up every other signal, and the store reports how many it dropped. A chunk of a kind this
 * version does not know is a newer version's data, not damage: compaction stops with a clear error and drops nothing;
 * and a file whose format says a newer version wrote it is refused at open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SqliteHistory } from '../../../main/engine/history/sqlite-history';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
let dir: string;
let store: SqliteHistory;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rec-damaged-'));
  store = new SqliteHistory(join(dir, 'h.db'), { rawRetentionMs: HOUR, rollupIntervalMs: 60_000 });
  // Two signals, a minute each at 1 Hz, two hours before "now": past the raw retention, due for rollup.
  store.appendSync(
    Array.from({ length: 120 }, (_, i) => ({ signalId: i % 2, t: T0 + Math.floor(i / 2) * 1000, value: i, quality: 0 })),
    [],
  );
  store.repack();
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Rewrites signal 1's chunks' bytes with `change`, as a damaged disk or a newer version would have them. */
function rewriteSignal1(change: (data: Uint8Array) => Uint8Array): void {
  const db = new DatabaseSync(join(dir, 'h.db'));
  const update = db.prepare('UPDATE chunks SET data = ? WHERE epoch = ? AND signal = 1 AND t0 = ? AND seq = ?');
  for (const row of db.prepare('SELECT epoch, t0, seq, data FROM chunks WHERE signal = 1').all()) {
    update.run(change(row.data as Uint8Array), row.epoch as number, row.t0 as number, row.seq as number);
  }
  db.close();
}
const chunkCount = (signal: number) => {
  const db = new DatabaseSync(join(dir, 'h.db'));
  const n = Number(db.prepare('SELECT COUNT(*) AS n FROM chunks WHERE signal = ?').get(signal)?.n);
  db.close();
  return n;
};

it('drops a damaged chunk unread, rolls up the others, and says how many it dropped', async () => {
  rewriteSignal1((data) => data.subarray(0, 20));
  await expect(store.trend(1, T0, T0 + 60_000, 10)).rejects.toThrow(/damaged/); // reading it is an error, never wrong values
  store.compactSync(T0 + 2 * HOUR);
  expect(chunkCount(1)).toBe(0);
  expect(chunkCount(0)).toBe(0);
  const kept = await store.trend(0, T0, T0 + 60_000, 1);
  expect(kept).toMatchObject({ source: 'rollup', min: [0], max: [118] });
  expect((await store.storage()).damagedChunksDropped).toBe(1);
  expect(store.integrityCheck()).toBe('ok');
});

it('a chunk of a kind this version does not know stops compaction and is kept (a newer version\'s data)', async () => {
  rewriteSignal1((data) => Uint8Array.of(9, ...data.subarray(1)));
  expect(() => store.compactSync(T0 + 2 * HOUR)).toThrow(/unknown kind 9/);
  expect(chunkCount(1)).toBeGreaterThan(0);
  expect(chunkCount(0)).toBeGreaterThan(0); // the whole step rolled back: nothing half done
  expect((await store.storage()).damagedChunksDropped).toBeUndefined();
});

it('a file a newer version wrote (a higher history format) is refused at open with what to do, and left as it was', async () => {
  const path = join(dir, 'h.db');
  const db = new DatabaseSync(path);
  expect(Number(db.prepare("SELECT value FROM meta WHERE key = 'format'").get()?.value)).toBe(2); // this version's
  db.exec("UPDATE meta SET value = 3 WHERE key = 'format'");
  db.close();
  expect(() => new SqliteHistory(path)).toThrow(/written by a newer version of the console \(history format 3; this version reads up to 2\): run that version, or move the file aside/);
  const after = new DatabaseSync(path);
  expect(Number(after.prepare("SELECT value FROM meta WHERE key = 'format'").get()?.value)).toBe(3);
  after.close();
});
