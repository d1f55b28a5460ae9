/**
 * Raw data past its retention leaves an epoch at a time: an epoch wholly before the cutoff is read in key order,
 * rolled up and deleted as one contiguous range; an epoch the cutoff falls in gives up the chunks before it, and a
 * chunk the cutoff cuts keeps its later samples (written back under its own seq).
 */
import type { DatabaseSync } from 'node:sqlite';
import { decodeChunk, type SeriesColumns } from './chunk-codec';
import type { ChunkRow, ChunkTable } from './chunk-table';
import { toColumns } from './sample-columns';

/** Receives one signal's samples before the cutoff (from one chunk), to roll up. */
export type Roll = (signal: number, samples: SeriesColumns) => void;

/** The epochs holding data before `cutoff`, oldest first. */
export function epochsBefore(db: DatabaseSync, cutoff: number): number[] {
  return db
    .prepare('SELECT epoch FROM epochs WHERE tmin < ? ORDER BY epoch')
    .all(cutoff)
    .map((r) => Number(r.epoch));
}

/** Rolls up and drops an epoch's samples before `cutoff` (inside the caller's transaction). */
export function compactEpoch(db: DatabaseSync, chunks: ChunkTable, epoch: number, cutoff: number, roll: Roll): void {
  const span = db.prepare('SELECT tmin, tmax FROM epochs WHERE epoch = ?').get(epoch);
  if (!span) return;
  const whole = Number(span.tmax) < cutoff;
  const rows = db.prepare('SELECT signal, t0, seq, t1, n, data FROM chunks WHERE epoch = ? AND t0 < ? ORDER BY signal, t0').all(epoch, cutoff) as unknown as ChunkRow[];
  for (const chunk of rows) {
    const before: SeriesColumns = { t: [], v: [], q: [] };
    decodeChunk(Number(chunk.t0), Number(chunk.n), chunk.data, Number.MIN_SAFE_INTEGER, cutoff, before);
    roll(Number(chunk.signal), before);
    if (whole || Number(chunk.t1) < cutoff) continue;
    const kept: SeriesColumns = { t: [], v: [], q: [] };
    decodeChunk(Number(chunk.t0), Number(chunk.n), chunk.data, cutoff, Number.POSITIVE_INFINITY, kept);
    db.prepare('DELETE FROM chunks WHERE epoch = ? AND signal = ? AND t0 = ? AND seq = ?').run(epoch, chunk.signal, chunk.t0, chunk.seq);
    const signal = Number(chunk.signal);
    chunks.rewrite(epoch, signal, Number(chunk.seq), toColumns(kept.t.map((t, k) => ({ signalId: signal, t, value: kept.v[k] as number | string, quality: kept.q[k] as number }))));
  }
  if (whole) {
    db.prepare('DELETE FROM chunks WHERE epoch = ?').run(epoch);
    db.prepare('DELETE FROM epochs WHERE epoch = ?').run(epoch);
  } else {
    db.prepare('DELETE FROM chunks WHERE epoch = ? AND t1 < ?').run(epoch, cutoff);
    db.prepare('UPDATE epochs SET tmin = ? WHERE epoch = ?').run(cutoff, epoch);
  }
}

/** Drops the oldest hour of epochs (the disk bound); false when there is none. */
export function dropOldestHour(db: DatabaseSync): boolean {
  const oldest = db.prepare('SELECT MIN(tmin) AS t FROM epochs').get()?.t;
  if (oldest === null || oldest === undefined) return false;
  for (const row of db.prepare('SELECT epoch FROM epochs WHERE tmin < ?').all(Number(oldest) + 3_600_000)) {
    const epoch = Number(row.epoch);
    db.prepare('DELETE FROM chunks WHERE epoch = ?').run(epoch);
    db.prepare('DELETE FROM epochs WHERE epoch = ?').run(epoch);
  }
  return true;
}
