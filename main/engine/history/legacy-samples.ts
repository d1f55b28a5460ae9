/**
 * History files written before chunked storage kept one row per sample in a `samples` table. On open, those rows
 * move into chunks through the pending tier and its repack (in one transaction, so a crash midway leaves the old
 * table whole) and the old table goes. The rows come in signal order, so each repack covers the whole time range for
 * some signals: the file has many small epochs until the migrated data ages out of raw retention.
 */
import type { DatabaseSync } from 'node:sqlite';
import { REPACK_SAMPLES, type RawHistory } from './raw-history';
import { SampleColumns } from './sample-columns';

/** Rows converted per batch (bounded memory for a large file). */
const BATCH = 65_536;

/** Moves a legacy `samples` table into `chunks`, if there is one; returns the rows moved. */
export function migrateSampleRows(db: DatabaseSync, raw: RawHistory): number {
  const exists = db.prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'samples'").get();
  if (!exists) return 0;
  let moved = 0;
  db.exec('BEGIN');
  try {
    let batch = new SampleColumns(BATCH);
    for (const row of db.prepare('SELECT signal, t, value, quality FROM samples ORDER BY signal, t').iterate()) {
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
  return moved;
}
