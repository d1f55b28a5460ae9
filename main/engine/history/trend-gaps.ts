/**
 * What a trend needs besides min/max buckets: the periods a signal had no good value (so a chart leaves them empty
 * instead of bridging an outage), and the value in effect when the range starts (so a quiet signal still draws).
 * Each step is an indexed seek on (signal, t); the walk is bounded by the number of gaps, never the raw row count.
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

/**
 * Gaps in [from, to): from a not-usable sample to the next usable one (or `to`). Gaps closer than `mergeMs`
 * (one pixel) are joined, and at most `maxGaps` are returned (the last one then runs to `to`).
 */
export function trendEdges(db: DatabaseSync, signalId: number, from: number, to: number, mergeMs: number, maxGaps: number): TrendEdges {
  const before = db.prepare('SELECT t, value, quality FROM samples WHERE signal = ? AND t < ? ORDER BY t DESC LIMIT 1').get(signalId, from);
  const nextBad = db.prepare(`SELECT t FROM samples WHERE signal = ? AND t >= ? AND t < ? AND NOT (${USABLE} AND ${NUMERIC}) ORDER BY t LIMIT 1`);
  const nextGood = db.prepare(`SELECT t FROM samples WHERE signal = ? AND t > ? AND t < ? AND ${USABLE} AND ${NUMERIC} ORDER BY t LIMIT 1`);
  const gaps: [number, number][] = [];
  const startsGood = before !== undefined && [0, 3].includes(Number(before.quality)) && typeof before.value === 'number';
  const edges: TrendEdges = { gaps, ...(startsGood ? { carry: { t: Number(before.t), value: Number(before.value) } } : {}) };
  let start: number | undefined = before !== undefined && !startsGood ? from : (nextBad.get(signalId, from, to)?.t as number | undefined);
  while (start !== undefined) {
    const good = nextGood.get(signalId, start, to)?.t;
    const end = good === undefined || gaps.length + 1 >= maxGaps ? to : Number(good);
    const last = gaps[gaps.length - 1];
    if (last && Number(start) - last[1] < mergeMs) last[1] = end;
    else gaps.push([Number(start), end]);
    if (end >= to) break;
    start = nextBad.get(signalId, end, to)?.t as number | undefined;
  }
  return edges;
}
