/**
 * Trend queries of one history file: raw data where it is kept, rollups before the time raw data was compacted up to,
 * with the gaps, uncertain periods and the value carried in from before the range, from both alike.
 */
import type { TrendSeries } from '../../../shared/contract/requests/history';
import { isGoodNumber, isUncertainNumber } from './chunk-codec';
import type { StoredSample } from './chunk-table';
import type { LastCompacted } from './last-compacted';
import type { PendingSnapshot } from './pending-table';
import type { RawHistory } from './raw-history';
import { withRawSamples, type RollupTrend, type TrendBucket } from './rollup-trend';
import { joinSpans, trendEdges, type TrendEdges } from './trend-gaps';

/** Answers trends from a file's raw tiers, rollups and last compacted samples. */
export class TrendQuery {
  constructor(
    private readonly rawTiers: RawHistory,
    private readonly rollupTrend: RollupTrend,
    private readonly lastCompacted: LastCompacted,
  ) {}

  /**
   * Per bucket: min, max, and the first and last good value (a chart ends each bucket on the value in effect at its
   * end, not on an extreme). Rolled-up intervals overlapping the range count in full (their interval is the
   * resolution); those rolled up before rollups kept their first and last value have null there. Gaps, the carried-in
   * value and uncertain periods come from raw data and rollups alike (rollup-trend.ts; the latter to the minute).
   */
  trend(signalId: number, from: number, to: number, widthPx: number, compactedUntil: number): TrendSeries {
    const bucket = Math.max(1, Math.ceil((to - from) / widthPx));
    const rawFrom = Math.min(to, Math.max(from, compactedUntil));
    const buckets = new Map<number, TrendBucket>();
    if (from < rawFrom) this.rollupTrend.buckets(signalId, from, rawFrom, bucket, buckets);
    const rolled = buckets.size > 0;
    const edgeFrom = rawFrom < to ? rawFrom : from;
    const pending = this.rawTiers.snapshot(to, [signalId]);
    const series = this.rawTiers.series(signalId, edgeFrom, to, undefined, pending);
    for (let k = 0; k < series.t.length; k++) {
      const value = series.v[k];
      if (!isGoodNumber(value, series.q[k] as number)) continue;
      const b = Math.floor(((series.t[k] as number) - from) / bucket);
      const seen = buckets.get(b);
      if (!seen) buckets.set(b, { min: value, max: value, first: value, last: value });
      else {
        if (value < seen.min) seen.min = value;
        if (value > seen.max) seen.max = value;
        seen.last = value; // time order: raw data after the rollups of the same bucket
      }
    }
    const ordered = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
    const edgeOptions = { bucketMs: bucket, maxGaps: widthPx };
    let edges: TrendEdges;
    if (from < rawFrom) {
      const before = this.stateBefore(signalId, from, pending);
      const gapEdges = this.rollupTrend.gapEdges(signalId, from, rawFrom, bucket, before !== undefined && !isGoodNumber(before.value, before.quality));
      // Gap edges stand in for rolled-up samples: uncertain periods come from the rollups' counts there, raw from rawFrom.
      const qualityKnown = { from: rawFrom, before: rawFrom < to ? this.sampleBefore(signalId, rawFrom, pending) : undefined };
      edges = trendEdges(withRawSamples(gapEdges, series), before, from, to, { ...edgeOptions, qualityKnown });
      const rolledUncertain = this.rollupTrend.uncertain(signalId, from, rawFrom, bucket, before !== undefined && isUncertainNumber(before.value, before.quality));
      edges.uncertain = joinSpans([...rolledUncertain, ...edges.uncertain], bucket, widthPx);
    } else {
      edges = trendEdges(series, this.sampleBefore(signalId, from, pending), from, to, edgeOptions);
    }
    return {
      signalId,
      t: ordered.map(([b]) => from + b * bucket),
      min: ordered.map(([, v]) => v.min),
      max: ordered.map(([, v]) => v.max),
      first: ordered.map(([, v]) => v.first),
      last: ordered.map(([, v]) => v.last),
      source: rolled ? 'rollup' : 'raw',
      gaps: edges.gaps,
      uncertain: edges.uncertain,
      ...(edges.carry ? { carry: edges.carry } : {}),
    };
  }

  /** The signal's last sample before `t` in raw time (a signal quiet for longer than raw retention: the last compacted). */
  private sampleBefore(signalId: number, t: number, pending: PendingSnapshot): StoredSample | undefined {
    return this.rawTiers.lastBefore(signalId, t, pending) ?? this.lastCompacted.before(signalId, t);
  }

  /**
   * The signal's last sample before `from`, in rolled-up time: the last one compacted when it lies before `from` (exact),
   * else the state the last rolled-up interval before it ended in; a late raw sample not yet compacted if it is newer.
   */
  private stateBefore(signalId: number, from: number, pending: PendingSnapshot): StoredSample | undefined {
    const compacted = this.lastCompacted.before(signalId, from) ?? this.rollupTrend.before(signalId, from);
    const late = this.rawTiers.lastBefore(signalId, from, pending);
    return late && (!compacted || late.t >= compacted.t) ? late : compacted;
  }
}
