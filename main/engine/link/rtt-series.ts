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

  /** The newest entry's time (NaN when empty). */
  lastTime(): number {
    return this.count === 0 ? Number.NaN : (this.times[(this.next - 1 + this.capacity) % this.capacity] as number);
  }

  /** Raises the newest entry's value to `value` if larger. */
  raiseLast(value: number): void {
    const i = (this.next - 1 + this.capacity) % this.capacity;
    if (value > (this.values[i] as number)) this.values[i] = value;
  }

  /** How many of the newest entries are at or after `since` (binary search: times only grow along the ring). */
  countSince(since: number): number {
    let lo = 0;
    let hi = this.count; // answer in [lo, hi]
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.times[(this.next - mid + this.capacity) % this.capacity] as number) >= since) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Calls `visit` oldest first for entries at or after `since`; costs only the entries in the window. */
  forEachSince(since: number, visit: (value: number, at: number) => void): void {
    for (let k = this.countSince(since); k > 0; k--) {
      const i = (this.next - k + this.capacity) % this.capacity;
      visit(this.values[i] as number, this.times[i] as number);
    }
  }
}

/**
 * Samples of one connection: 32768 RTTs cover 10 minutes of probes plus ~40 polls/s; beyond that the oldest fall off.
 * At most one RTT per millisecond is kept (the largest): with one request in flight per link, two answers within 1 ms
 * only come from a link far faster than any threshold, and a flood of fast maintenance reads then costs the window
 * statistics nothing (they ran at every probe tick over a full ring before).
 */
export class RttSeries {
  private readonly rtts: Ring;
  /** 1 = answered in time, 0 = lost. */
  private readonly probes: Ring;
  private scratch: Float64Array;
  /** Changes to the RTT ring, and what the scratch array holds sorted: the window of `sortedCount` newest at `sortedVersion`. */
  private version = 0;
  private sortedVersion = -1;
  private sortedCount = -1;

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
    if (!Number.isFinite(ms) || ms < 0) return;
    const now = this.now();
    if (this.rtts.lastTime() === now) this.rtts.raiseLast(ms);
    else this.rtts.push(now, ms);
    this.version++;
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

  /** Copies the window's RTTs into the scratch array, sorted; returns how many. Reuses the last sort when nothing changed. */
  private collect(since: number): number {
    const inWindow = this.rtts.countSince(since);
    if (inWindow === this.sortedCount && this.version === this.sortedVersion) return inWindow;
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
    this.sortedCount = n;
    this.sortedVersion = this.version;
    return n;
  }
}

/** Nearest-rank percentile of the first n sorted values. */
function pick(sorted: Float64Array, n: number, p: number): number {
  return sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))] as number;
}
