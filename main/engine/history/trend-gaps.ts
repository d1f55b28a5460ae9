/**
 * What a trend needs besides min/max buckets: the periods a signal had no good value (so a chart leaves them empty
 * instead of bridging an outage), and the value in effect when the range starts (so a quiet signal still draws).
 * One pass over the range's samples, in time order.
 */
import { isGoodNumber, type SeriesColumns } from './chunk-codec';

/** Gaps and carried-in value of one signal over [from, to). */
export interface TrendEdges {
  gaps: [number, number][];
  carry?: { t: number; value: number };
}

/** How finely gaps are found: the bucket width (gaps closer than it are joined) and their cap. */
export interface EdgeOptions {
  bucketMs: number;
  maxGaps: number;
}

/** The sample before the range, if any. */
export interface SampleBefore {
  t: number;
  value: number | string;
  quality: number;
}

/**
 * Gaps in [from, to) of `series` (the samples of that range, in time order): from a sample that is no good number (a
 * bad or stale quality, or a usable quality on a text or NaN) to the next good number (or `to`). Gaps less than a
 * bucket apart are joined, and at most `maxGaps` are returned (the last one then runs to `to`). A range that begins
 * inside an outage (the sample before it no good number) starts with a gap at `from`, which a good sample at `from`
 * itself ends at once (no gap).
 */
export function trendEdges(series: SeriesColumns, before: SampleBefore | undefined, from: number, to: number, options: EdgeOptions): TrendEdges {
  const { t, v, q } = series;
  const n = t.length;
  let i = 0;
  const nextBad = (after: number): number | undefined => {
    while (i < n && ((t[i] as number) < after || isGoodNumber(v[i], q[i] as number))) i++;
    return i < n ? (t[i] as number) : undefined;
  };
  // From `after` itself: the sample that opened the gap is no good number, and a gap opened at `from` by the sample
  // before the range ends at a good one exactly at `from`.
  const nextGood = (after: number): number | undefined => {
    while (i < n && ((t[i] as number) < after || !isGoodNumber(v[i], q[i] as number))) i++;
    return i < n ? (t[i] as number) : undefined;
  };
  const gaps: [number, number][] = [];
  const startsGood = before !== undefined && isGoodNumber(before.value, before.quality);
  const edges: TrendEdges = { gaps, ...(startsGood ? { carry: { t: before.t, value: before.value as number } } : {}) };
  let start: number | undefined = before !== undefined && !startsGood ? from : nextBad(from);
  while (start !== undefined) {
    const good = nextGood(start);
    const end = good === undefined || gaps.length + 1 >= options.maxGaps ? to : good;
    if (end > start) {
      const last = gaps[gaps.length - 1];
      if (last && start - last[1] < options.bucketMs) last[1] = end;
      else gaps.push([start, end]);
    }
    if (end >= to) break;
    start = nextBad(end);
  }
  return edges;
}
