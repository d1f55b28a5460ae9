/**
 * History files written before chunked storage kept one row per sample in a `samples` table. On open, those rows
 * move into chunks through the pending tier and its repack, in time order (so each repack covers a short stretch of
 * time, as live flushes do), in one transaction: a crash midway leaves the old table whole, to be moved again. The
 * old table then goes. The sort and the copy need about the old table's size again on disk, once.
 */
import type { DatabaseSync } from 'node:sqlite';
import { REPACK_SAMPLES, type RawHistory } from './raw-history';
import { SampleColumns } from './sample-columns';

/** Rows converted per batch (bounded memory for a large file). */
const BATCH = 65_536;

/** Moves a legacy `samples` table into chunks, if there is one; returns the rows moved and the oldest time among them. */
export function migrateSampleRows(db: DatabaseSync, raw: RawHistory): { moved: number; oldest?: number } {
  const exists = db.prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'samples'").get();
  if (!exists) return { moved: 0 };
  let moved = 0;
  let oldest: number | undefined;
  db.exec('BEGIN');
  try {
    let batch = new SampleColumns(BATCH);
    for (const row of db.prepare('SELECT signal, t, value, quality FROM samples ORDER BY t, signal').iterate()) {
      oldest ??= Number(row.t);
      // A NULL value (a non-finite number bound as REAL by an old version) is kept as the text SQLite could not hold.
      batch.push(Number(row.signal), Number(row.t), row.value === null ? 'NaN' : (row.value as number | string), Number(row.quality));
      if (batch.length === BATCH) {
        raw.append(batch, 0);
        moved += batch.length;
        batch = new SampleColumns(BATCH);
        if (moved % REPACK_SAMPLES < BATCH) raw.repack(); // bounded memory: a repack holds its pending flushes
      }
    }
    raw.append(batch, 0);
    moved += batch.length;
    raw.repack();
    db.exec('DROP TABLE samples');
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  return oldest === undefined ? { moved } : { moved, oldest };
}
