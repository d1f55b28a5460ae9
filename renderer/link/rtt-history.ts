/** The RTT chart's columns (uPlot's data layout: x in seconds, then one array per series), merged from polls. */

/** Per-second points of one connection, oldest first; `at` in seconds (engine clock). */
export interface RttHistory {
  at: number[];
  p50: (number | null)[];
  p95: (number | null)[];
  max: (number | null)[];
}

/** One point as `link.stats` returns it (`at` in ms). */
export interface HistoryPoint {
  at: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/**
 * Appends the points newer than the last one held (the last held one is replaced: its second may have been still
 * filling when it was polled), then drops the oldest beyond `keep`. Returns how many were added.
 */
export function appendHistory(history: RttHistory, points: readonly HistoryPoint[], keep: number): number {
  const last = history.at.at(-1) ?? Number.NEGATIVE_INFINITY;
  let added = 0;
  for (const point of points) {
    const at = point.at / 1000;
    if (at === last) {
      const i = history.at.length - 1;
      history.p50[i] = point.p50;
      history.p95[i] = point.p95;
      history.max[i] = point.max;
      continue;
    }
    if (!(at > last)) continue;
    history.at.push(at);
    history.p50.push(point.p50);
    history.p95.push(point.p95);
    history.max.push(point.max);
    added++;
  }
  const excess = history.at.length - keep;
  if (excess > 0) for (const column of [history.at, history.p50, history.p95, history.max]) column.splice(0, excess);
  return added;
}
