/**
 * Per-minute rollups of a signal's good numeric values past raw retention: min, max, sum, count and the first and last
 * value with their times, written by compaction (merged into an interval already rolled up) and read by trends.
 */
import type { DatabaseSync } from 'node:sqlite';
import { isGoodNumber, type SeriesColumns } from './chunk-codec';

/**
 * Insert or merge one interval. A row rolled up before first/last existed has them NULL with values counted:
 * unknown, and it stays unknown (a late sample merged in must not pass for the minute's first or last).
 */
export const ROLLUP_UPSERT = `INSERT INTO rollups (signal, t, min, max, sum, n, first, first_t, last, last_t) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (signal, t) DO UPDATE SET min = MIN(rollups.min, excluded.min), max = MAX(rollups.max, excluded.max), sum = rollups.sum + excluded.sum, n = rollups.n + excluded.n,
         first = CASE WHEN (rollups.first_t IS NULL AND rollups.n = 0) OR excluded.first_t < rollups.first_t THEN excluded.first ELSE rollups.first END,
         first_t = CASE WHEN (rollups.first_t IS NULL AND rollups.n = 0) OR excluded.first_t < rollups.first_t THEN excluded.first_t ELSE rollups.first_t END,
         last = CASE WHEN (rollups.last_t IS NULL AND rollups.n = 0) OR excluded.last_t >= rollups.last_t THEN excluded.last ELSE rollups.last END,
         last_t = CASE WHEN (rollups.last_t IS NULL AND rollups.n = 0) OR excluded.last_t >= rollups.last_t THEN excluded.last_t ELSE rollups.last_t END`;

/** One rollup interval. */
export interface Rollup {
  t: number;
  min: number;
  max: number;
  sum: number;
  n: number;
  first: number;
  firstT: number;
  last: number;
  lastT: number;
}

/** Per-interval min/max/sum/count and first/last (with their times) of a series' good numeric values. */
export function rollupsOf(series: SeriesColumns, intervalMs: number): Rollup[] {
  const out = new Map<number, Rollup>();
  for (let k = 0; k < series.t.length; k++) {
    const value = series.v[k];
    if (!isGoodNumber(value, series.q[k] as number)) continue;
    const at = series.t[k] as number;
    const t = Math.floor(at / intervalMs) * intervalMs; // floor, as the cutoff: before 1970 too
    const r = out.get(t);
    if (!r) out.set(t, { t, min: value, max: value, sum: value, n: 1, first: value, firstT: at, last: value, lastT: at });
    else {
      r.min = Math.min(r.min, value);
      r.max = Math.max(r.max, value);
      r.sum += value;
      r.n++;
      r.last = value; // time order
      r.lastT = at;
    }
  }
  return [...out.values()];
}

/**
 * Files from before rollups kept each interval's first and last value get the columns (once, at open); their older
 * rows have none (null), so a trend over them ends a bucket as before, on an extreme.
 */
export function addRollupEnds(db: DatabaseSync): void {
  const have = new Set(db.prepare('PRAGMA table_info(rollups)').all().map((r) => String(r.name)));
  for (const [column, type] of [['first', 'REAL'], ['first_t', 'INTEGER'], ['last', 'REAL'], ['last_t', 'INTEGER']] as const) {
    if (!have.has(column)) db.exec(`ALTER TABLE rollups ADD COLUMN ${column} ${type}`);
  }
}
