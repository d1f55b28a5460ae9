/**
 * Per-minute rollups of a signal past raw retention, written by compaction (merged into an interval already rolled up)
 * and read by trends: min, max, sum, count and the first and last value with their times, of the good numbers; and,
 * so a trend over them still shows an outage as a gap (as the raw trend did), when the minute's samples were no good
 * number: `gap_t` the first such sample, `good_t` the first good number after the last such sample (NULL when the
 * minute ended in the gap), `end_t` the minute's last sample when it was no good number (else it is `last_t`: NULL
 * costs a header byte, a time six, in the common case). Outages within one minute are joined into one (the
 * rollups' resolution). A minute with no good number at all gets a row too (n 0, no values), so the gap is kept.
 * `unc_n` counts the minute's numbers of uncertain quality (they count in the values too, as a live uncertain value
 * shows) and `unc_end` is 1 when its last sample was one (a quiet doubted value stays doubted until the next sample):
 * a trend marks those stretches uncertain, so a doubted value never draws as the good line once rolled up.
 */
import type { DatabaseSync } from 'node:sqlite';
import { isGoodNumber, isUncertainNumber, type SeriesColumns } from './chunk-codec';

export const ROLLUP_SCHEMA = `
CREATE TABLE IF NOT EXISTS rollups (signal INTEGER NOT NULL, t INTEGER NOT NULL, min REAL, max REAL, sum REAL, n INTEGER, first REAL, first_t INTEGER, last REAL, last_t INTEGER, gap_t INTEGER, good_t INTEGER, end_t INTEGER, unc_n INTEGER, unc_end INTEGER, PRIMARY KEY (signal, t)) WITHOUT ROWID;
`;

/** SQL: whether a rollup row ended its minute inside a gap. */
export const endsInGap = (row: string): string => `(${row}.gap_t IS NOT NULL AND ${row}.good_t IS NULL)`;
/** SQL: a rollup row's last sample (NULL: a row from before rollups kept first and last). */
const endOf = (row: string) => `COALESCE(${row}.end_t, ${row}.last_t)`;

/** Stands for "none" inside MIN/MAX, which give NULL as soon as one argument is NULL (no sample time is this early). */
const NONE = Number.MIN_SAFE_INTEGER;

/**
 * Merged `good_t` when row `w` has the later last sample: none if `w` ended in a gap; else the later of both rows'
 * gap ends, and when `l` ended in a gap, `w`'s last sample (the gap ended somewhere before it: drawn a little long
 * rather than bridged).
 */
const mergedGoodT = (w: string, l: string) =>
  `CASE WHEN ${endsInGap(w)} THEN NULL ELSE NULLIF(MAX(COALESCE(${w}.good_t, ${NONE}), CASE WHEN ${endsInGap(l)} THEN ${endOf(w)} ELSE COALESCE(${l}.good_t, ${NONE}) END), ${NONE}) END`;
/** The new part has the later last sample (a row from before first/last has none: the new part ends the minute). */
const newEnds = `(${endOf('rollups')} IS NULL OR ${endOf('excluded')} >= ${endOf('rollups')})`;

/**
 * Insert or merge one interval (a late sample compacted after its minute was). A row rolled up before first/last
 * existed has them NULL with values counted: unknown, and it stays unknown (a late sample merged in must not pass for
 * the minute's first or last). A late sample at the very millisecond of the minute's first or last value replaces
 * it, as the later write does in raw data; min, max, sum and n cannot drop the value it replaced (it is gone).
 */
export const ROLLUP_UPSERT = `INSERT INTO rollups (signal, t, min, max, sum, n, first, first_t, last, last_t, gap_t, good_t, end_t, unc_n, unc_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (signal, t) DO UPDATE SET min = MIN(COALESCE(rollups.min, excluded.min), COALESCE(excluded.min, rollups.min)), max = MAX(COALESCE(rollups.max, excluded.max), COALESCE(excluded.max, rollups.max)),
         sum = rollups.sum + excluded.sum, n = rollups.n + excluded.n,
         first = CASE WHEN (rollups.first_t IS NULL AND rollups.n = 0) OR excluded.first_t <= rollups.first_t THEN excluded.first ELSE rollups.first END,
         first_t = CASE WHEN (rollups.first_t IS NULL AND rollups.n = 0) OR excluded.first_t <= rollups.first_t THEN excluded.first_t ELSE rollups.first_t END,
         last = CASE WHEN (rollups.last_t IS NULL AND rollups.n = 0) OR excluded.last_t >= rollups.last_t THEN excluded.last ELSE rollups.last END,
         last_t = CASE WHEN (rollups.last_t IS NULL AND rollups.n = 0) OR excluded.last_t >= rollups.last_t THEN excluded.last_t ELSE rollups.last_t END,
         good_t = CASE WHEN ${newEnds} THEN ${mergedGoodT('excluded', 'rollups')} ELSE ${mergedGoodT('rollups', 'excluded')} END,
         gap_t = MIN(COALESCE(rollups.gap_t, excluded.gap_t), COALESCE(excluded.gap_t, rollups.gap_t)),
         end_t = CASE WHEN ${newEnds} THEN excluded.end_t ELSE rollups.end_t END,
         unc_n = COALESCE(rollups.unc_n, 0) + excluded.unc_n,
         unc_end = CASE WHEN ${newEnds} THEN excluded.unc_end ELSE rollups.unc_end END`;

/** One rollup interval; a minute with no good number has n 0 and null values. */
export interface Rollup {
  t: number;
  min: number | null;
  max: number | null;
  sum: number;
  n: number;
  first: number | null;
  firstT: number | null;
  last: number | null;
  lastT: number | null;
  /** The first sample that was no good number (null: none). */
  gapT: number | null;
  /** The first good number after the last sample that was none (null: no such sample, or the minute ended on one). */
  goodT: number | null;
  /** The minute's last sample, when it was no good number (null: it is lastT). */
  endT: number | null;
  /** Numbers of uncertain quality among the good numbers counted. */
  uncN: number;
  /** 1 when the minute's last sample was a number of uncertain quality, else 0. */
  uncEnd: number;
}

/** The upsert's arguments for one interval of a signal. */
export function rollupArgs(signal: number, r: Rollup): (number | null)[] {
  return [signal, r.t, r.min, r.max, r.sum, r.n, r.first, r.firstT, r.last, r.lastT, r.gapT, r.goodT, r.endT, r.uncN, r.uncEnd];
}

/** Per-interval min/max/sum/count and first/last (with their times) of a series' good numbers, and its gap edges. */
export function rollupsOf(series: SeriesColumns, intervalMs: number): Rollup[] {
  const out: Rollup[] = [];
  let r: Rollup | undefined;
  let inGap = false;
  for (let k = 0; k < series.t.length; k++) {
    const at = series.t[k] as number;
    const t = Math.floor(at / intervalMs) * intervalMs; // floor, as the cutoff: before 1970 too
    if (r?.t !== t) {
      r = { t, min: null, max: null, sum: 0, n: 0, first: null, firstT: null, last: null, lastT: null, gapT: null, goodT: null, endT: null, uncN: 0, uncEnd: 0 };
      out.push(r); // time order: one row per interval
      inGap = false;
    }
    const value = series.v[k];
    if (!isGoodNumber(value, series.q[k] as number)) {
      if (r.gapT === null) r.gapT = at;
      r.goodT = null;
      r.endT = at;
      r.uncEnd = 0;
      inGap = true;
      continue;
    }
    if (inGap) r.goodT = at;
    inGap = false;
    r.endT = null;
    if (r.n === 0) {
      r.min = r.max = r.first = value;
      r.firstT = at;
    } else {
      if (value < (r.min as number)) r.min = value;
      if (value > (r.max as number)) r.max = value;
    }
    r.sum += value;
    r.n++;
    r.uncEnd = isUncertainNumber(value, series.q[k] as number) ? 1 : 0;
    r.uncN += r.uncEnd;
    r.last = value;
    r.lastT = at;
  }
  return out;
}

/**
 * Files from before rollups kept each interval's first and last value, its gaps or its uncertain count, get the
 * columns (once, at open). Their older rows have none (null): a trend ends such a bucket on an extreme, and shows no
 * gap or uncertain period in such a minute (an outage rolled up before then is bridged, as it was).
 */
export function addRollupColumns(db: DatabaseSync): void {
  const have = new Set(db.prepare('PRAGMA table_info(rollups)').all().map((r) => String(r.name)));
  const columns = [['first', 'REAL'], ['first_t', 'INTEGER'], ['last', 'REAL'], ['last_t', 'INTEGER'], ['gap_t', 'INTEGER'], ['good_t', 'INTEGER'], ['end_t', 'INTEGER'], ['unc_n', 'INTEGER'], ['unc_end', 'INTEGER']] as const;
  for (const [column, type] of columns) {
    if (!have.has(column)) db.exec(`ALTER TABLE rollups ADD COLUMN ${column} ${type}`);
  }
}

/** The oldest rollup of these signals, NaN if none: one primary-key seek per signal, never a scan of the table. */
export function oldestRollupTime(db: DatabaseSync, signals: readonly number[]): number {
  const first = db.prepare('SELECT MIN(t) AS t FROM rollups WHERE signal = ?');
  let oldest = NaN;
  for (const signal of signals) {
    const t = first.get(signal)?.t;
    if (typeof t === 'number' && !(oldest <= t)) oldest = t;
  }
  return oldest;
}
