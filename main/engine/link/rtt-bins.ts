/**
 * Fixed RTT histogram bins, found by arithmetic (no search): 0.25 ms wide up to 64 ms, then 128 log-spaced bins per
 * doubling up to 131 s, then one overflow bin. A percentile is reported as the mean of the samples in the bin that
 * holds the exact nearest-rank sample, so its error is below that bin's width: < 0.25 ms under 64 ms, < 0.5 ms under
 * 128 ms, and < 1/128 (0.78 %) of the value above. (Values that share a bin exactly, e.g. whole milliseconds, come
 * out exact.)
 */

/** Width of the linear bins, ms. */
export const BIN_UNIT_MS = 0.25;
/** Bins per doubling above the linear range (relative width ≤ 1/128). */
const SUB_BINS = 128;
/** Linear bins: [0, 64 ms). */
const LINEAR_BINS = 2 * SUB_BINS;
/** Doublings covered after the linear range: 64 ms × 2^11 = 131 s. */
const OCTAVES = 11;
/** Number of bins, the overflow bin (≥ 131 s) last. */
export const BIN_COUNT = LINEAR_BINS + OCTAVES * SUB_BINS + 1;
/** Lower edge of the overflow bin, ms. */
export const OVERFLOW_FROM_MS = LINEAR_BINS * BIN_UNIT_MS * 2 ** OCTAVES;

/** The bin of an RTT (ms ≥ 0). */
export function binOf(ms: number): number {
  if (!(ms < OVERFLOW_FROM_MS)) return BIN_COUNT - 1;
  const units = Math.floor(ms / BIN_UNIT_MS);
  if (units < LINEAR_BINS) return units;
  // units in [2^(7+e), 2^(8+e)): the top 8 bits select the sub-bin of doubling e (e ≥ 1).
  const e = 31 - Math.clz32(units) - 7;
  return LINEAR_BINS + (e - 1) * SUB_BINS + ((units >>> e) - SUB_BINS);
}

/** Lower and upper edge of a bin, ms (the overflow bin's upper edge is Infinity). */
export function binEdges(bin: number): [number, number] {
  if (bin >= BIN_COUNT - 1) return [OVERFLOW_FROM_MS, Number.POSITIVE_INFINITY];
  if (bin < LINEAR_BINS) return [bin * BIN_UNIT_MS, (bin + 1) * BIN_UNIT_MS];
  const k = bin - LINEAR_BINS;
  const e = Math.floor(k / SUB_BINS) + 1;
  const mantissa = (k % SUB_BINS) + SUB_BINS;
  return [mantissa * 2 ** e * BIN_UNIT_MS, (mantissa + 1) * 2 ** e * BIN_UNIT_MS];
}

/** The largest possible error of a reported percentile near `ms` (the width of its bin). */
export function errorBoundMs(ms: number): number {
  const [low, high] = binEdges(binOf(ms));
  return high - low;
}
