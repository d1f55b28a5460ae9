/**
 * One sliding time window over the sample rings, kept up to date incrementally: each sample is added once when it
 * arrives and removed once when it leaves (by age or because the ring overwrote it), so the cost per sample is O(1)
 * and a query costs one pass over the fixed bins (rtt-bins.ts), whatever the window's length.
 * Exact: count, mean, jitter, loss and the coarse histogram. Percentiles: within one bin width (see rtt-bins.ts).
 * Min/max: exact; after the current extreme leaves, the next query rescans the window once.
 */
import { BIN_COUNT, binOf } from './rtt-bins';

/** Upper bucket edges (ms) of the reported RTT histogram; the last bucket is everything above. */
export const HISTOGRAM_EDGES_MS = [2, 5, 10, 20, 50, 100, 150, 200, 500, 1000] as const;

/** Figures of one window. RTT fields are undefined when no answer arrived in the window. */
export interface WindowStats {
  windowMs: number;
  samples: number;
  min?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
  /** Mean absolute difference of consecutive RTTs (RFC 3550 style), ms. */
  jitter?: number;
  probesSent: number;
  probesLost: number;
  /** Lost probes as a percentage of probes sent (0 with none sent). */
  lossPct: number;
  /** Sample counts per bucket of HISTOGRAM_EDGES_MS, plus one for everything above the last edge. */
  histogram: number[];
}

/** The rings a window reads (owned by RttSeries); heads are sequence numbers (ring index = seq % capacity). */
export interface SampleRings {
  readonly rttTimes: Float64Array;
  readonly rttValues: Float32Array;
  readonly rttHead: number;
  readonly probeTimes: Float64Array;
  readonly probeOk: Uint8Array;
  readonly probeHead: number;
}

/** The bucket of HISTOGRAM_EDGES_MS (upper edge inclusive); at most 11 comparisons. */
function coarseOf(ms: number): number {
  let i = 0;
  while (i < HISTOGRAM_EDGES_MS.length && ms > (HISTOGRAM_EDGES_MS[i] as number)) i++;
  return i;
}

/** Incremental statistics of the samples of the last `ms` milliseconds. */
export class SlidingWindow {
  private readonly counts = new Uint32Array(BIN_COUNT);
  private readonly sums = new Float64Array(BIN_COUNT);
  private readonly coarse = new Uint32Array(HISTOGRAM_EDGES_MS.length + 1);
  /** Oldest RTT / probe in the window (sequence numbers); the window holds [tail, head). */
  private tail: number;
  private probeTail: number;
  private jitterSum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private extremesStale = false;
  private probesSent = 0;
  private probesLost = 0;
  /** The last figures computed and when (replies to many pollers reuse them). */
  cached: { at: number; stats: WindowStats } | undefined;

  /** Starts with every sample still in the rings (trimmed to the window at the first query). */
  constructor(
    readonly ms: number,
    private readonly rings: SampleRings,
  ) {
    this.tail = Math.max(0, rings.rttHead - rings.rttValues.length);
    const head = rings.rttHead;
    for (let seq = this.tail; seq < head; seq++) this.addRtt(seq);
    this.probeTail = Math.max(0, rings.probeHead - rings.probeOk.length);
    for (let seq = this.probeTail; seq < rings.probeHead; seq++) this.addProbe(seq);
  }

  get samples(): number {
    return this.rings.rttHead - this.tail;
  }

  /** Sample `seq` (the newest) was written. */
  addRtt(seq: number): void {
    const v = this.value(seq);
    const bin = binOf(v);
    this.counts[bin] = (this.counts[bin] as number) + 1;
    this.sums[bin] = (this.sums[bin] as number) + v;
    const c = coarseOf(v);
    this.coarse[c] = (this.coarse[c] as number) + 1;
    if (seq > this.tail) this.jitterSum += Math.abs(v - this.value(seq - 1)); // the pair with the previous one
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** Probe outcome `seq` (the newest) was written. */
  addProbe(seq: number): void {
    this.probesSent++;
    if (this.rings.probeOk[seq % this.rings.probeOk.length] === 0) this.probesLost++;
  }

  /** The RTT ring is about to overwrite its oldest entry: drop it first if it is still in this window. */
  beforeRttOverwrite(): void {
    if (this.rings.rttHead - this.tail >= this.rings.rttValues.length) this.removeRtt();
  }

  /** The probe ring is about to overwrite its oldest entry: drop it first if it is still in this window. */
  beforeProbeOverwrite(): void {
    if (this.rings.probeHead - this.probeTail >= this.rings.probeOk.length) this.removeProbe();
  }

  /** Drops what is older than `now - ms`. Amortised O(1) per sample. */
  trim(now: number): void {
    const since = now - this.ms;
    const { rttTimes, probeTimes } = this.rings;
    while (this.tail < this.rings.rttHead && (rttTimes[this.tail % rttTimes.length] as number) < since) this.removeRtt();
    while (this.probeTail < this.rings.probeHead && (probeTimes[this.probeTail % probeTimes.length] as number) < since) this.removeProbe();
  }

  /** The p-th (0..1) nearest-rank percentile, within one bin width; undefined when empty. */
  percentile(p: number): number | undefined {
    return this.percentiles([p])[0];
  }

  /** Every figure (call trim first). */
  stats(): WindowStats {
    const n = this.samples;
    const histogram = Array.from(this.coarse);
    const base: WindowStats = { windowMs: this.ms, samples: n, probesSent: this.probesSent, probesLost: this.probesLost, lossPct: this.probesSent === 0 ? 0 : (100 * this.probesLost) / this.probesSent, histogram };
    if (n === 0) return base;
    const [p50, p95, p99] = this.percentiles([0.5, 0.95, 0.99]);
    this.refreshExtremes();
    return { ...base, min: this.min, p50, p95, p99, max: this.max, ...(n > 1 ? { jitter: this.jitterSum / (n - 1) } : {}) };
  }

  /** Nearest-rank percentiles for ascending `ps`, in one pass over the bins. */
  private percentiles(ps: readonly number[]): (number | undefined)[] {
    const n = this.samples;
    if (n === 0) return ps.map(() => undefined);
    const out: number[] = [];
    let cumulative = 0;
    let next = 0;
    for (let bin = 0; bin < BIN_COUNT && next < ps.length; bin++) {
      const count = this.counts[bin] as number;
      if (count === 0) continue;
      cumulative += count;
      // The mean of the bin's samples: within the bin, and exact when they are all equal.
      while (next < ps.length && cumulative >= Math.min(n, Math.max(1, Math.ceil((ps[next] as number) * n)))) {
        out.push((this.sums[bin] as number) / count);
        next++;
      }
    }
    return out;
  }

  private value(seq: number): number {
    return this.rings.rttValues[seq % this.rings.rttValues.length] as number;
  }

  private removeRtt(): void {
    const seq = this.tail;
    const v = this.value(seq);
    const bin = binOf(v);
    const left = (this.counts[bin] as number) - 1;
    this.counts[bin] = left;
    this.sums[bin] = left === 0 ? 0 : (this.sums[bin] as number) - v; // reset when empty: no drift accumulates
    const c = coarseOf(v);
    this.coarse[c] = (this.coarse[c] as number) - 1;
    this.tail++;
    if (this.tail < this.rings.rttHead) this.jitterSum -= Math.abs(this.value(this.tail) - v);
    else this.jitterSum = 0;
    if (v <= this.min || v >= this.max) this.extremesStale = true;
  }

  private removeProbe(): void {
    if (this.rings.probeOk[this.probeTail % this.rings.probeOk.length] === 0) this.probesLost--;
    this.probesSent--;
    this.probeTail++;
  }

  /** Min/max after the old extreme left: one scan of the window (at most the ring's capacity). */
  private refreshExtremes(): void {
    if (!this.extremesStale) return;
    this.extremesStale = false;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    for (let seq = this.tail; seq < this.rings.rttHead; seq++) {
      const v = this.value(seq);
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
  }
}
