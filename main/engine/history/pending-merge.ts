/**
 * A repack's walk over one slice's pending rows: each row is sorted by signal, so one cursor per row advances through
 * all of them together, and each signal's samples of an epoch window are gathered from every row in write order,
 * without sorting the slice again or building it whole. Pure: never touches the database.
 */
import type { BatchView } from './batch-codec';
import type { SampleColumns } from './sample-columns';

/**
 * Calls `each` once per signal of `rows` with samples in `from <= t < to`, ascending by signal, with those samples
 * gathered into `into` (emptied first; valid only during the call).
 */
export function eachSignal(rows: readonly BatchView[], from: number, to: number, into: SampleColumns, each: (signal: number, samples: SampleColumns) => void): void {
  const cursor = new Int32Array(rows.length);
  for (;;) {
    let signal = Number.POSITIVE_INFINITY;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as BatchView;
      const k = cursor[r] as number;
      if (k < row.n && (row.ids[k] as number) < signal) signal = row.ids[k] as number;
    }
    if (signal === Number.POSITIVE_INFINITY) return;
    into.length = 0;
    into.texts.clear();
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as BatchView;
      let k = cursor[r] as number;
      const texts = row.texts.size > 0 ? row.texts : undefined;
      for (; k < row.n && row.ids[k] === signal; k++) {
        const t = row.times[k] as number;
        if (t >= from && t < to) into.push(signal, t, texts?.get(k) ?? (row.values[k] as number), row.qualities[k] as number);
      }
      cursor[r] = k;
    }
    if (into.length > 0) each(signal, into);
  }
}
