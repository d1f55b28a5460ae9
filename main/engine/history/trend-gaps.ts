/**
 * What a trend needs besides min/max buckets: the periods a signal had no good value (so a chart leaves them empty
 * instead of bridging an outage), and the value in effect when the range starts (so a quiet signal still draws).
 * Each step is an indexed seek on (signal, t) inside a bucket known to hold a bad sample, so the walk is bounded by the
 * number of gaps, not the raw row count.
 */
import type { DatabaseSync } from 'node:sqlite';

/** Qualities that carry a usable value: good and uncertain. */
export const USABLE = 'quality IN (0, 3)';
const NUMERIC = `typeof(value) IN ('integer', 'real')`;

/** Gaps and carried-in value of one signal over [from, to). */
export interface TrendEdges {
  gaps: [number, number][];
  carry?: { t: number; value: number };
}

/** How finely gaps are found: the bucket width (gaps closer than it are joined), their cap, and where to look. */
export interface EdgeOptions {
  bucketMs: number;
  maxGaps: number;
  /** Starts of the buckets holding samples without a usable value, sorted (from the min/max pass); absent: look everywhere. */
  badBuckets?: readonly number[];
}

/**
 * Gaps in [from, to): from a not-usable sample to the next usable one (or `to`). Gaps less than a bucket apart are
 * joined, and at most `maxGaps` are returned (the last one then runs to `to`). Bad samples are sought only inside
 * the buckets known to hold them, so a range without any costs no scan.
 */
export function trendEdges(db: DatabaseSync, signalId: number, from: number, to: number, options: EdgeOptions): TrendEdges {
  const { bucketMs, maxGaps } = options;
  const bad = options.badBuckets ?? [from];
  const before = db.prepare('SELECT t, value, quality FROM samples WHERE signal = ? AND t < ? ORDER BY t DESC LIMIT 1').get(signalId, from);
  const badIn = db.prepare(`SELECT t FROM samples WHERE signal = ? AND t >= ? AND t < ? AND NOT ${USABLE} ORDER BY t LIMIT 1`);
  const nextGood = db.prepare(`SELECT t FROM samples WHERE signal = ? AND t > ? AND t < ? AND ${USABLE} AND ${NUMERIC} ORDER BY t LIMIT 1`);
  let k = 0;
  /** The first not-usable sample at or after `after`, looking only in buckets that hold one. */
  const nextBad = (after: number): number | undefined => {
    for (; k < bad.length; k++) {
      const start = bad[k] as number;
      const end = options.badBuckets ? Math.min(to, start + bucketMs) : to;
      if (end <= after) continue;
      const found = badIn.get(signalId, Math.max(after, start), end)?.t;
      if (found !== undefined) return Number(found);
    }
    return undefined;
  };
  const gaps: [number, number][] = [];
  const startsGood = before !== undefined && [0, 3].includes(Number(before.quality)) && typeof before.value === 'number';
  const edges: TrendEdges = { gaps, ...(startsGood ? { carry: { t: Number(before.t), value: Number(before.value) } } : {}) };
  let start: number | undefined = before !== undefined && !startsGood ? from : nextBad(from);
  while (start !== undefined) {
    const good = nextGood.get(signalId, start, to)?.t;
    const end = good === undefined || gaps.length + 1 >= maxGaps ? to : Number(good);
    const last = gaps[gaps.length - 1];
    if (last && start - last[1] < bucketMs) last[1] = end;
    else gaps.push([start, end]);
    if (end >= to) break;
    start = nextBad(end);
  }
  return edges;
}
