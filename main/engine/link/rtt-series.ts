/**
 * Round-trip samples and probe outcomes of one connection in fixed rings (typed arrays, no per-sample objects), with
 * sliding windows (rtt-window.ts) updated as samples arrive: a window's figures cost one pass over the fixed bins,
 * not a sort of its samples. Memory per connection, fixed at construction: RTT ring 32768 × 12 B (time + value)
 * = 384 KiB, probe ring 8192 × 9 B = 72 KiB, each window 1537 bins × 12 B ≈ 18 KiB (5 standard windows, at most 8):
 * ≈ 550 KiB with the standard windows, ≤ 600 KiB in all.
 */
import { steadyNow } from '../steady-clock';
import { SlidingWindow, type SampleRings, type WindowStats } from './rtt-window';

export { HISTOGRAM_EDGES_MS, type WindowStats } from './rtt-window';

/** Windows kept from the start: history (1 s), quality and gate (5 s), link.stats (10 s, 1 min, 10 min). */
export const STANDARD_WINDOWS_MS = [1_000, 5_000, 10_000, 60_000, 600_000] as const;
/** More windows are made on first use, up to this many in all (each costs ~18 KiB and O(1) per sample). */
export const MAX_WINDOWS = 8;

/** Samples of one connection: 32768 RTTs cover 10 minutes of probes plus ~40 polls/s; beyond that the oldest fall off. */
export class RttSeries implements SampleRings {
  readonly rttTimes: Float64Array;
  /** Float32: ~1 µs resolution at 100 ms, far below what a round trip can be measured to. */
  readonly rttValues: Float32Array;
  rttHead = 0;
  readonly probeTimes: Float64Array;
  /** 1 = answered in time, 0 = lost. */
  readonly probeOk: Uint8Array;
  probeHead = 0;
  private readonly windows = new Map<number, SlidingWindow>();

  constructor(
    private readonly now: () => number = steadyNow,
    capacity = 32_768,
  ) {
    this.rttTimes = new Float64Array(capacity);
    this.rttValues = new Float32Array(capacity);
    const probes = Math.max(64, capacity >> 2); // 8192: 10 min of 10 Hz probes
    this.probeTimes = new Float64Array(probes);
    this.probeOk = new Uint8Array(probes);
    for (const ms of STANDARD_WINDOWS_MS) this.window(ms);
  }

  /** One answered exchange (probe or ordinary traffic). O(windows). */
  recordRtt(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    for (const w of this.windows.values()) w.beforeRttOverwrite();
    const seq = this.rttHead;
    const i = seq % this.rttValues.length;
    this.rttTimes[i] = this.now();
    this.rttValues[i] = ms;
    this.rttHead = seq + 1;
    for (const w of this.windows.values()) w.addRtt(seq);
  }

  /** One probe interval's outcome. O(windows). */
  recordProbe(answered: boolean): void {
    for (const w of this.windows.values()) w.beforeProbeOverwrite();
    const seq = this.probeHead;
    const i = seq % this.probeOk.length;
    this.probeTimes[i] = this.now();
    this.probeOk[i] = answered ? 1 : 0;
    this.probeHead = seq + 1;
    for (const w of this.windows.values()) w.addProbe(seq);
  }

  /** The p-th percentile (0..1) of the last `windowMs` (within one bin width, rtt-bins.ts), or undefined with no samples. */
  percentile(p: number, windowMs: number): number | undefined {
    const w = this.window(windowMs);
    w.trim(this.now());
    return w.percentile(p);
  }

  /** Every figure of the last `windowMs`; figures computed less than `maxAgeMs` ago are returned again as they were. */
  stats(windowMs: number, maxAgeMs = 0): WindowStats {
    const w = this.window(windowMs);
    const now = this.now();
    if (w.cached && maxAgeMs > 0 && now - w.cached.at < maxAgeMs && now >= w.cached.at) return w.cached.stats;
    w.trim(now);
    const stats = w.stats();
    w.cached = { at: now, stats };
    return stats;
  }

  private window(ms: number): SlidingWindow {
    let w = this.windows.get(ms);
    if (w) return w;
    if (this.windows.size >= MAX_WINDOWS) throw new Error(`RttSeries keeps at most ${MAX_WINDOWS} windows; ${ms} ms is one too many`);
    w = new SlidingWindow(ms, this);
    this.windows.set(ms, w);
    return w;
  }
}
