/**
 * A trend over rolled-up intervals (older than raw retention), so it draws as the raw trend did while it was young:
 * per bucket the extremes and first/last of the good numbers; the gap edges per bucket (an outage rolled up is still
 * a gap, not a line bridging it); and the signal's state before the range (the value to carry in when it was good, or
 * a gap already open). Each query walks the primary key (signal, t) over the range and returns at most a row per
 * bucket, or seeks the one row before the range. Uncertain values are known per interval (a count, and whether it
 * ended on one): a bucket's intervals holding any are one uncertain period, from the first such interval's start to
 * the last one's end, or on to the next sample when it ended on one (a quiet doubted value), so a doubted stretch is
 * drawn doubted, with some good values around it at worst, never as the good line.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { Quality } from '../../../shared/contract/telemetry';
import { sortedUnique, type SeriesColumns } from './chunk-codec';
import type { StoredSample } from './chunk-table';
import { endsInGap } from './rollups';

/** One trend bucket: extremes, and the first and last value (null: rolled up before rollups kept them). */
export interface TrendBucket {
  min: number;
  max: number;
  first: number | null;
  last: number | null;
}

/** The qualities the gap edges and the state before are given. */
const { good: GOOD, bad: BAD, uncertain: UNCERTAIN } = Quality;
/** SQL: a rollup row's first sample, whatever it was. */
const FIRST_SAMPLE = 'MIN(COALESCE(first_t, gap_t, t), COALESCE(gap_t, first_t, t))';

/** Bucket index of a row: the interval the range starts in counts for the first bucket. */
const BUCKET = 'MAX(0, CAST((t - ?) / ? AS INTEGER)) AS b';
/** Intervals [t, t + interval) overlapping [from, until), with at least one good number. */
const VALUES_IN_RANGE = 'FROM rollups WHERE signal = ? AND t > ? AND t < ? AND n > 0 GROUP BY b';

/**
 * Per bucket: the first close of a gap carried into one of its rows from the row before, the first gap opened in it,
 * the last gap closed in it, and whether it ends inside a gap. A row opens a gap at `gap_t` unless the row before it
 * ended in one that its samples continue; it closes one at `good_t`, or, after a row that ended in a gap, at its first
 * good number (also when it then opens a gap of its own: the good values between are not part of an outage). Gaps
 * less than a bucket apart are joined by trendEdges anyway, so these edges give the gaps the rows' samples would, but
 * for rows being bucketed by the minute they start in: two gaps up to a bucket and a minute apart may be joined.
 */
const GAP_EDGES = `WITH r AS (SELECT ${BUCKET}, t, n, gap_t, good_t, COALESCE(first_t, t) AS good_first, ${endsInGap('rollups')} AS ends_gap FROM rollups WHERE signal = ? AND t > ? AND t < ?),
  w AS (SELECT *, LAG(ends_gap, 1, ?) OVER by_t AS was_gap, LEAD(b, 1, -1) OVER by_t AS next_b FROM r WINDOW by_t AS (ORDER BY t)),
  e AS (SELECT b, next_b <> b AND ends_gap AS bucket_ends_gap,
    CASE WHEN gap_t IS NULL THEN NULL WHEN NOT was_gap OR (n > 0 AND good_first < gap_t) THEN gap_t END AS open_t,
    CASE WHEN gap_t IS NOT NULL THEN good_t WHEN was_gap AND n > 0 THEN good_first END AS close_t,
    CASE WHEN was_gap AND n > 0 THEN CASE WHEN gap_t IS NOT NULL AND good_first > gap_t THEN good_t ELSE good_first END END AS carried_close_t FROM w)
  SELECT b, MIN(carried_close_t) AS carried_t, MIN(open_t) AS open_t, MAX(close_t) AS close_t, MAX(bucket_ends_gap) AS ends_gap FROM e GROUP BY b
  HAVING MIN(open_t) IS NOT NULL OR MAX(close_t) IS NOT NULL OR MIN(carried_close_t) IS NOT NULL ORDER BY b`;

/**
 * Per bucket, the start of the first interval holding numbers of uncertain quality, and where the last such stretch
 * ends: its interval's end, or, when it ended on one, the next interval's first sample (none in range: the range end).
 */
const UNCERTAIN_IN_RANGE = `WITH r AS (SELECT ${BUCKET}, t, unc_n, unc_end, LEAD(${FIRST_SAMPLE}) OVER (ORDER BY t) AS next_t FROM rollups WHERE signal = ? AND t > ? AND t < ?)
  SELECT b, MIN(t) AS lo, MAX(CASE WHEN unc_end THEN COALESCE(next_t, ?) ELSE t + ? END) AS hi FROM r WHERE unc_n > 0 GROUP BY b ORDER BY b`;

/** The rolled-up side of trends. */
export class RollupTrend {
  private readonly extremes: StatementSync;
  private readonly firsts: StatementSync;
  private readonly lasts: StatementSync;
  private readonly gapEdgesOf: StatementSync;
  private readonly rowBefore: StatementSync;
  private readonly uncertainOf: StatementSync;
  private readonly firstSampleOf: StatementSync;

  constructor(
    db: DatabaseSync,
    private readonly intervalMs: number,
  ) {
    this.extremes = db.prepare(`SELECT ${BUCKET}, MIN(min) AS lo, MAX(max) AS hi ${VALUES_IN_RANGE}`);
    // SQLite takes a bare column from the row a lone MIN() or MAX() picked: the bucket's first and last interval.
    this.firsts = db.prepare(`SELECT ${BUCKET}, first, MIN(t) AS t ${VALUES_IN_RANGE}`);
    this.lasts = db.prepare(`SELECT ${BUCKET}, last, MAX(t) AS t ${VALUES_IN_RANGE}`);
    this.gapEdgesOf = db.prepare(GAP_EDGES);
    this.uncertainOf = db.prepare(UNCERTAIN_IN_RANGE);
    this.firstSampleOf = db.prepare(`SELECT ${FIRST_SAMPLE} AS t FROM rollups WHERE signal = ? AND t > ? AND t < ? ORDER BY t LIMIT 1`);
    this.rowBefore = db.prepare('SELECT t, last, last_t, gap_t, good_t, end_t, unc_end FROM rollups WHERE signal = ? AND t <= ? ORDER BY t DESC LIMIT 1');
  }

  /** Adds the buckets of `bucketMs` from `from` of the intervals overlapping [from, until) to `into` (by index). */
  buckets(signal: number, from: number, until: number, bucketMs: number, into: Map<number, TrendBucket>): void {
    const args = [from, bucketMs, signal, from - this.intervalMs, until] as const;
    for (const r of this.extremes.all(...args)) into.set(Number(r.b), { min: Number(r.lo), max: Number(r.hi), first: null, last: null });
    for (const r of this.firsts.all(...args)) {
      const seen = into.get(Number(r.b));
      if (seen && r.first !== null) seen.first = Number(r.first);
    }
    for (const r of this.lasts.all(...args)) {
      const seen = into.get(Number(r.b));
      if (seen && r.last !== null) seen.last = Number(r.last);
    }
  }

  /**
   * The signal's state at the end of its last interval wholly before `from`: its last value if it ended on a number
   * (of uncertain quality if it was one), a bad sample if it ended in a gap, nothing if there is none (or it was
   * rolled up before rollups kept last values).
   */
  before(signal: number, from: number): StoredSample | undefined {
    const row = this.rowBefore.get(signal, from - this.intervalMs);
    if (!row) return undefined;
    const t = Number(row.end_t ?? row.last_t ?? row.t);
    if (row.gap_t !== null && row.good_t === null) return { t, value: Number.NaN, quality: BAD };
    return row.last === null ? undefined : { t, value: Number(row.last), quality: row.unc_end === 1 ? UNCERTAIN : GOOD };
  }

  /**
   * Uncertain periods of the intervals overlapping [from, until), in time order, at most one per bucket (and one
   * before), clipped. `startsUncertain`: the value in effect at `from` was doubted (a period runs from `from` to the
   * first sample of those intervals).
   */
  uncertain(signal: number, from: number, until: number, bucketMs: number, startsUncertain: boolean): [number, number][] {
    const spans: [number, number][] = [];
    const lo = from - this.intervalMs;
    if (startsUncertain) {
      const first = this.firstSampleOf.get(signal, lo, until)?.t;
      const end = Math.min(until, first === undefined || first === null ? until : Number(first));
      if (end > from) spans.push([from, end]);
    }
    for (const r of this.uncertainOf.all(from, bucketMs, signal, lo, until, until, this.intervalMs)) {
      const start = Math.max(from, Number(r.lo));
      const end = Math.min(until, Number(r.hi));
      if (end > start) spans.push([start, end]);
    }
    return spans;
  }

  /**
   * The gap edges of the intervals overlapping [from, until) as samples in time order (a bad one where a gap opens, a
   * good one where it closes; at most two per bucket), clipped to the range. `startsInGap`: the signal was in a gap
   * before the first of those intervals.
   */
  gapEdges(signal: number, from: number, until: number, bucketMs: number, startsInGap: boolean): SeriesColumns {
    const edges: SeriesColumns = { t: [], v: [], q: [] };
    const add = (t: number, quality: number) => {
      if (t >= until) return;
      edges.t.push(Math.max(t, from));
      edges.v.push(0);
      edges.q.push(quality);
    };
    for (const r of this.gapEdgesOf.all(from, bucketMs, signal, from - this.intervalMs, until, startsInGap ? 1 : 0)) {
      const carried = r.carried_t === null ? undefined : Number(r.carried_t);
      const open = r.open_t === null ? undefined : Number(r.open_t);
      const close = r.close_t === null ? undefined : Number(r.close_t);
      if (carried !== undefined && (open === undefined || carried < open)) add(carried, GOOD); // the gap carried in ends first
      if (open !== undefined) add(open, BAD);
      if (!r.ends_gap && close !== undefined && (open === undefined || close > open)) add(close, GOOD);
    }
    return edges;
  }
}

/** Gap edges and raw samples of one range in one series, in time order (a raw sample wins a shared millisecond). */
export function withRawSamples(edges: SeriesColumns, raw: SeriesColumns): SeriesColumns {
  if (edges.t.length === 0) return raw;
  const all: SeriesColumns = { t: [...edges.t, ...raw.t], v: [...edges.v, ...raw.v], q: [...edges.q, ...raw.q] };
  const lastEdge = edges.t[edges.t.length - 1] as number;
  if (raw.t.length === 0 || (raw.t[0] as number) > lastEdge) return all;
  return sortedUnique(all, [...edges.t.map(() => 0), ...raw.t.map(() => 1)]);
}
