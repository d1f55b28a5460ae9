/**
 * What a trend needs besides min/max buckets: the periods a signal had no good value (so a chart leaves them empty
 * instead of bridging an outage), the periods its value was uncertain (so a chart draws them as it draws a live
 * uncertain value, never as the good line), and the value in effect when the range starts (so a quiet signal still
 * draws). One pass over the range's samples, in time order.
 */
import { isGoodNumber, isUncertainNumber, type SeriesColumns } from './chunk-codec';

/** Gaps, uncertain periods and carried-in value of one signal over [from, to). */
export interface TrendEdges {
  gaps: [number, number][];
  /** Periods whose value was a number of uncertain quality, [start, end); only where the samples' quality is known. */
  uncertain: [number, number][];
  carry?: { t: number; value: number };
}

/** How finely gaps are found: the bucket width (gaps closer than it are joined) and their cap. */
export interface EdgeOptions {
  bucketMs: number;
  /** Most gaps returned, and most uncertain periods. */
  maxGaps: number;
  /**
   * From when the samples' quality is known, and the sample before that time: before it the series holds stand-ins
   * (the gap edges of rolled-up intervals), so no uncertain period is found there (the rollups' counts give those).
   * Default: from `from` on, with the sample before the range.
   */
  qualityKnown?: { from: number; before: SampleBefore | undefined };
}

/** The sample before the range, if any. */
export interface SampleBefore {
  t: number;
  value: number | string;
  quality: number;
}

/**
 * Periods opened and closed in time order, joined when less than a bucket apart; once `max` are reached the last one
 * runs to `to` (an honest "from here on, some of it" rather than dropping what lies beyond the cap).
 */
class Spans {
  readonly list: [number, number][] = [];
  private openAt: number | undefined;
  /** The cap was reached: the open period runs to `to`, and nothing else opens. */
  private last = false;

  constructor(
    private readonly to: number,
    private readonly bucketMs: number,
    private readonly max: number,
  ) {}

  open(t: number): void {
    if (this.openAt !== undefined) return;
    this.openAt = t;
    this.last = this.list.length + 1 >= this.max;
  }

  close(t: number): void {
    if (this.openAt === undefined || this.last) return;
    this.add(this.openAt, t);
    this.openAt = undefined;
  }

  /** The list, a period still open ending at `to`. */
  finish(): [number, number][] {
    if (this.openAt !== undefined) this.add(this.openAt, this.to);
    this.openAt = undefined;
    return this.list;
  }

  private add(start: number, end: number): void {
    if (end <= start) return; // closed where it opened (a good sample exactly at the range start): nothing
    const previous = this.list[this.list.length - 1];
    if (previous && start - previous[1] < this.bucketMs) previous[1] = end;
    else this.list.push([start, end]);
  }
}

/**
 * Gaps in [from, to) of `series` (the samples of that range, in time order): from a sample that is no good number (a
 * bad or stale quality, or a usable quality on a text or NaN) to the next good number (or `to`). Uncertain periods
 * likewise: from a number of uncertain quality to the next sample that is not one (a good one, or a gap's start).
 * Periods less than a bucket apart are joined, and at most `maxGaps` of each are returned (the last one then runs to
 * `to`). A range that begins inside an outage (the sample before it no good number) starts with a gap at `from`, and
 * one that begins inside an uncertain stretch with an uncertain period at `from`; a sample at `from` itself ends either
 * at once (no period).
 */
export function trendEdges(series: SeriesColumns, before: SampleBefore | undefined, from: number, to: number, options: EdgeOptions): TrendEdges {
  const { t, v, q } = series;
  const gaps = new Spans(to, options.bucketMs, options.maxGaps);
  const uncertain = new Spans(to, options.bucketMs, options.maxGaps);
  const startsGood = before !== undefined && isGoodNumber(before.value, before.quality);
  if (before !== undefined && !startsGood) gaps.open(from);
  const known = options.qualityKnown ?? { from, before };
  let qualityKnown = false;
  const learnQuality = () => {
    qualityKnown = true;
    if (known.before && isUncertainNumber(known.before.value, known.before.quality)) uncertain.open(Math.max(from, known.from));
  };
  if (known.from <= from) learnQuality();
  for (let k = 0; k < t.length; k++) {
    const at = t[k] as number;
    if (at < from) continue;
    if (at >= to) break;
    if (!qualityKnown && at >= known.from) learnQuality();
    const value = v[k];
    const quality = q[k] as number;
    if (isGoodNumber(value, quality)) gaps.close(at);
    else gaps.open(at);
    if (!qualityKnown) continue;
    if (isUncertainNumber(value, quality)) uncertain.open(at);
    else uncertain.close(at);
  }
  if (!qualityKnown && known.from < to) learnQuality();
  return {
    gaps: gaps.finish(),
    uncertain: uncertain.finish(),
    ...(startsGood ? { carry: { t: before.t, value: before.value as number } } : {}),
  };
}

/**
 * Periods of two sources in time order (rolled-up ones, then raw ones from where raw data starts) as one list, as
 * Spans makes it: joined when less than a bucket apart; beyond `max`, the last runs to the end of the last one.
 */
export function joinSpans(spans: readonly [number, number][], bucketMs: number, max: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [start, end] of spans) {
    const previous = out[out.length - 1];
    if (previous && (start - previous[1] < bucketMs || out.length >= max)) previous[1] = Math.max(previous[1], end);
    else out.push([start, end]);
  }
  return out;
}
