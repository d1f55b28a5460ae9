/**
 * Round-trip samples and probe outcomes of one connection in fixed rings (typed arrays, no per-sample objects),
 * with window statistics computed on demand: min/p50/p95/p99/max, jitter, loss and a histogram.
 */

/** Upper bucket edges (ms) of the RTT histogram; the last bucket is everything above. */
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

/** A time-stamped ring of numbers. */
class Ring {
  readonly times: Float64Array;
  readonly values: Float64Array;
  next = 0;
  count = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  push(at: number, value: number): void {
    this.times[this.next] = at;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.capacity, this.count + 1);
  }

  /** Calls `visit` oldest first for entries at or after `since`; costs only the entries in the window. */
  forEachSince(since: number, visit: (value: number, at: number) => void): void {
    // Times only grow along the ring, so walk back from the newest to the first entry older than `since`.
    let inWindow = 0;
    while (inWindow < this.count && (this.times[(this.next - 1 - inWindow + this.capacity) % this.capacity] as number) >= since) inWindow++;
    for (let k = inWindow; k > 0; k--) {
      const i = (this.next - k + this.capacity) % this.capacity;
      visit(this.values[i] as number, this.times[i] as number);
    }
  }
}

/** Samples of one connection: 32768 RTTs cover 10 minutes of probes plus ~40 polls/s; beyond that the oldest fall off. */
export class RttSeries {
  private readonly rtts: Ring;
  /** 1 = answered in time, 0 = lost. */
  private readonly probes: Ring;
  private scratch: Float64Array;

  constructor(
    private readonly now: () => number = Date.now,
    capacity = 32_768,
  ) {
    this.rtts = new Ring(capacity);
    this.probes = new Ring(Math.max(64, capacity >> 2)); // 8192: 10 min of 10 Hz probes
    this.scratch = new Float64Array(1024);
  }

  /** One answered exchange (probe or ordinary traffic). */
  recordRtt(ms: number): void {
    if (Number.isFinite(ms) && ms >= 0) this.rtts.push(this.now(), ms);
  }

  /** One probe interval's outcome. */
  recordProbe(answered: boolean): void {
    this.probes.push(this.now(), answered ? 1 : 0);
  }

  /** The p-th percentile (0..1) of the last `windowMs`, or undefined with no samples. */
  percentile(p: number, windowMs: number): number | undefined {
    const n = this.collect(this.now() - windowMs);
    return n === 0 ? undefined : pick(this.scratch, n, p);
  }

  /** Every figure of the last `windowMs`. */
  stats(windowMs: number): WindowStats {
    const since = this.now() - windowMs;
    const histogram = new Array<number>(HISTOGRAM_EDGES_MS.length + 1).fill(0);
    let jitterSum = 0;
    let previous = Number.NaN;
    let pairs = 0;
    this.rtts.forEachSince(since, (v) => {
      if (!Number.isNaN(previous)) {
        jitterSum += Math.abs(v - previous);
        pairs++;
      }
      previous = v;
      let bucket = HISTOGRAM_EDGES_MS.findIndex((edge) => v <= edge);
      if (bucket < 0) bucket = HISTOGRAM_EDGES_MS.length;
      histogram[bucket] = (histogram[bucket] as number) + 1;
    });
    let probesSent = 0;
    let probesLost = 0;
    this.probes.forEachSince(since, (ok) => {
      probesSent++;
      if (ok === 0) probesLost++;
    });
    const n = this.collect(since);
    const base: WindowStats = { windowMs, samples: n, probesSent, probesLost, lossPct: probesSent === 0 ? 0 : (100 * probesLost) / probesSent, histogram };
    if (n === 0) return base;
    const s = this.scratch;
    return { ...base, min: s[0] as number, p50: pick(s, n, 0.5), p95: pick(s, n, 0.95), p99: pick(s, n, 0.99), max: s[n - 1] as number, ...(pairs > 0 ? { jitter: jitterSum / pairs } : {}) };
  }

  /** Copies the window's RTTs into the scratch array, sorted; returns how many. */
  private collect(since: number): number {
    let n = 0;
    this.rtts.forEachSince(since, (v) => {
      if (n === this.scratch.length) {
        const grown = new Float64Array(this.scratch.length * 2);
        grown.set(this.scratch);
        this.scratch = grown;
      }
      this.scratch[n++] = v;
    });
    this.scratch.subarray(0, n).sort();
    return n;
  }
}

/** Nearest-rank percentile of the first n sorted values. */
function pick(sorted: Float64Array, n: number, p: number): number {
  return sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))] as number;
}
