/**
 * History files written before chunked storage kept one row per sample in a `samples` table. On open, those rows
 * move into chunks (in one transaction, so a crash midway leaves the old table whole) and the old table goes.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { ChunkTable } from './chunk-table';
import { SampleColumns } from './sample-columns';

/** Rows converted per batch (bounded memory for a large file). */
const BATCH = 65_536;

/** Moves a legacy `samples` table into `chunks`, if there is one; returns the rows moved. */
export function migrateSampleRows(db: DatabaseSync, chunks: ChunkTable): number {
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
        chunks.append(batch);
        moved += batch.length;
        batch = new SampleColumns(BATCH);
      }
    }
    if (batch.length > 0) chunks.append(batch);
    moved += batch.length;
    db.exec('DROP TABLE samples');
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  return moved;
}
