/**
 * Data shaping for trends, pure and unit-tested: engine min/max buckets and live telemetry become step series (a value
 * holds until it changes: the engine records changes only, or for a paced tag the latest change of each interval, so
 * a straight line between two samples would invent values), gaps mark periods without a good value, and several series are aligned on one time axis for uPlot with
 * `null` inside gaps, so a chart never bridges an outage. Times are engine-clock ms.
 */
import type { TrendSeries } from '../../shared/contract/requests/history';

/** A step series: points in time order (each value holds until the next point) and gaps [start, end); an open gap ends at Infinity. */
export interface StepSeries {
  t: number[];
  y: number[];
  gaps: [number, number][];
}

/** An empty series. */
export const emptySeries = (): StepSeries => ({ t: [], y: [], gaps: [] });

/**
 * An engine trend as a step series: the carried-in value at `from`, then per bucket its first value, its extremes and
 * its last value (M4: the line ends the bucket on the value in effect at its end), spread over the bucket so times
 * stay strictly increasing, a value equal to the one before it dropped. The extremes go in the order that moves the
 * least (rising to the last value: min first). A bucket without first and last (an engine of before, or intervals
 * rolled up before rollups kept them) gives its extremes in the order that continues the line (falling: max first).
 */
export function fromHistory(series: TrendSeries, from: number, to: number, bucketMs: number): StepSeries {
  // A gap the engine ran to the range's end had no good value after it: it is open.
  const out: StepSeries = { t: [], y: [], gaps: (series.gaps ?? []).map(([s, e]) => [s, e >= to ? Infinity : e] as [number, number]) };
  if (series.carry && (series.t[0] === undefined || series.t[0] > from)) push(out, from, series.carry.value);
  for (let i = 0; i < series.t.length; i++) {
    const t = series.t[i] as number;
    const lo = series.min[i] as number;
    const hi = series.max[i] as number;
    const first = series.first?.[i];
    const last = series.last?.[i];
    if (first !== undefined && first !== null && last !== undefined && last !== null) {
      const values = first <= last ? [first, lo, hi, last] : [first, hi, lo, last];
      for (let k = 0; k < values.length; k++) if (k === 0 || values[k] !== values[k - 1]) push(out, t + (k * bucketMs) / values.length, values[k] as number);
      continue;
    }
    const previous = out.y[out.y.length - 1];
    const falling = previous !== undefined && previous > (lo + hi) / 2;
    push(out, t, falling ? hi : lo);
    if (hi !== lo) push(out, t + bucketMs / 2, falling ? lo : hi);
  }
  return out;
}

/** One signal's history as two lines: the good one, and its uncertain stretches (each a gap where the other holds). */
export interface HistoryLines {
  good: StepSeries;
  uncertain: StepSeries;
}

/**
 * An engine trend as its good line and its uncertain line. Each uncertain period is widened to the buckets it touches
 * (a bucket's extremes may come from any part of it), so a bucket partly uncertain draws dotted, never solid: the good
 * line has a gap there, the uncertain line holds the values there and a gap everywhere else. Both keep the engine's
 * gaps. An engine of before (no `uncertain`) gives none.
 */
export function historyLines(series: TrendSeries, from: number, to: number, bucketMs: number): HistoryLines {
  const good = fromHistory(series, from, to, bucketMs);
  const widened = normaliseGaps(
    (series.uncertain ?? []).map(([s, e]) => {
      const start = from + Math.floor((s - from) / bucketMs) * bucketMs;
      return [start, e >= to ? Infinity : from + Math.ceil((e - from) / bucketMs) * bucketMs] as [number, number];
    }),
  );
  // The complement of the uncertain periods: where the uncertain line has nothing to draw.
  const elsewhere: [number, number][] = [];
  let since = -Infinity;
  for (const [s, e] of widened) {
    if (s > since) elsewhere.push([since, s]);
    since = e;
  }
  if (since < Infinity) elsewhere.push([since, Infinity]);
  return {
    good: { ...good, gaps: [...good.gaps, ...widened] },
    uncertain: { t: good.t, y: good.y, gaps: [...good.gaps, ...elsewhere] },
  };
}

function push(series: StepSeries, t: number, y: number): void {
  const last = series.t.length - 1;
  if (last >= 0 && (series.t[last] as number) >= t) {
    series.y[last] = y; // same instant (or out of order by clock jitter): the newer value wins
    return;
  }
  series.t.push(t);
  series.y.push(y);
}

/** History up to `liveStart`, live from then on (the history's last second is not on disk yet; live has it). */
export function mergeLive(history: StepSeries, live: StepSeries, liveStart: number): StepSeries {
  const out: StepSeries = { t: [], y: [], gaps: [] };
  for (let i = 0; i < history.t.length && (history.t[i] as number) < liveStart; i++) push(out, history.t[i] as number, history.y[i] as number);
  for (const [s, e] of history.gaps) if (s < liveStart) out.gaps.push([s, Math.min(e, liveStart)]);
  for (let i = 0; i < live.t.length; i++) push(out, live.t[i] as number, live.y[i] as number);
  out.gaps.push(...live.gaps);
  return out;
}

/** Gaps sorted by start, overlapping ones joined. */
export function normaliseGaps(gaps: readonly [number, number][]): [number, number][] {
  const sorted = [...gaps].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * Aligns series on one x axis from `from` to `end` (now, or the range's end): the union of their points and gap
 * edges. At each x a series holds its last value, or is `null` inside a gap and before its first point. Points before
 * `from` are dropped except the one whose value is in effect at `from`.
 */
export function alignSeries(list: readonly StepSeries[], from: number, end: number): [number[], ...(number | null)[][]] {
  const xs = new Set<number>([end]);
  for (const s of list) {
    let first = 0;
    while (first + 1 < s.t.length && (s.t[first + 1] as number) <= from) first++;
    for (let i = first; i < s.t.length && (s.t[i] as number) <= end; i++) xs.add(Math.max(s.t[i] as number, from));
    for (const [g0, g1] of s.gaps) {
      if (g1 <= from || g0 >= end) continue;
      xs.add(Math.max(g0, from));
      if (g1 < end) xs.add(g1);
    }
  }
  const x = [...xs].sort((a, b) => a - b);
  const ys = list.map((s) => {
    const gaps = normaliseGaps(s.gaps);
    const y: (number | null)[] = new Array(x.length);
    let k = -1;
    let g = 0;
    for (let i = 0; i < x.length; i++) {
      const at = x[i] as number;
      while (k + 1 < s.t.length && (s.t[k + 1] as number) <= at) k++;
      while (g < gaps.length && (gaps[g] as [number, number])[1] <= at) g++;
      const gap = gaps[g];
      y[i] = k < 0 || (gap !== undefined && gap[0] <= at) ? null : (s.y[k] as number);
    }
    return y;
  });
  return [x, ...ys];
}

/**
 * How far before a gap's start the value before it is drawn again: a stepped line draws a value's hold only up to the
 * next point, so without a point at the gap's edge the hold would end at its own last change, not when the gap began.
 */
const HOLD_EDGE_MS = 0.01;

/** Per bucket (two pixels): first, min, max and last value with their times (M4: the line looks as it would with every sample). */
interface Bucket {
  key: number;
  t: [number, number, number, number];
  y: [number, number, number, number];
}

/**
 * Live values of one signal, downsampled as they arrive to at most four points per bucket (of two pixels), so memory stays
 * bounded however fast the signal changes; buckets older than the window go.
 */
export class LiveBuffer {
  private readonly buckets: Bucket[] = [];
  private readonly gaps: [number, number][] = [];
  private gapStart: number | undefined;

  constructor(private readonly bucketMs: number) {}

  /** A new value (null: no good value from `t` on, a gap opens; the value before it is drawn up to its edge). */
  append(t: number, y: number | null): void {
    if (y === null) {
      if (this.gapStart !== undefined) return;
      const held = this.buckets[this.buckets.length - 1];
      if (held && t - HOLD_EDGE_MS > held.t[3]) this.append(t - HOLD_EDGE_MS, held.y[3]);
      this.gapStart = t;
      return;
    }
    if (this.gapStart !== undefined) {
      t = Math.max(t, this.gapStart); // a value never lands inside (or before) the gap it ends
      this.gaps.push([this.gapStart, t]);
      this.gapStart = undefined;
    }
    const key = Math.floor(t / this.bucketMs);
    const last = this.buckets[this.buckets.length - 1];
    if (!last || key > last.key) {
      this.buckets.push({ key, t: [t, t, t, t], y: [y, y, y, y] });
      return;
    }
    if (y < last.y[1]) [last.t[1], last.y[1]] = [t, y];
    if (y > last.y[2]) [last.t[2], last.y[2]] = [t, y];
    [last.t[3], last.y[3]] = [Math.max(t, last.t[3]), y];
  }

  /** Whether a gap is open (the last news was "no good value"). */
  get inGap(): boolean {
    return this.gapStart !== undefined;
  }

  /** Drops what ends before `from`, keeping the bucket whose value is in effect at `from`. */
  trim(from: number): void {
    let drop = 0;
    while (drop + 1 < this.buckets.length && ((this.buckets[drop + 1] as Bucket).key * this.bucketMs) <= from) drop++;
    if (drop > 0) this.buckets.splice(0, drop);
    while (this.gaps.length > 0 && (this.gaps[0] as [number, number])[1] <= from) this.gaps.shift();
  }

  /** Points stored (at most four per bucket). */
  get size(): number {
    return this.buckets.length * 4;
  }

  /** The series up to `end`. */
  toSeries(end: number): StepSeries {
    const out: StepSeries = { t: [], y: [], gaps: this.gaps.map(([s, e]) => [s, e] as [number, number]) };
    for (const b of this.buckets) {
      const order = [0, 1, 2, 3].sort((i, j) => (b.t[i] as number) - (b.t[j] as number) || i - j);
      for (const i of order) push(out, b.t[i] as number, b.y[i] as number);
    }
    if (this.gapStart !== undefined && this.gapStart <= end) out.gaps.push([this.gapStart, Infinity]);
    return out;
  }
}
