/**
 * The first rows of several signals' raw history in (time, signal) order, for an export: one cursor per signal reads
 * its samples a bounded batch at a time, over a time window sized from what it found so far, and a heap merges the
 * cursors until enough rows are out. A cursor reads again only once every row of its last batch is out, and its
 * batch at most doubles each time, so what is decoded stays within about three times the rows returned plus a first
 * batch per signal (not `want` per signal, as reading each signal to the cap would).
 */
import type { SeriesColumns } from './chunk-codec';
import type { HistorySample } from './history-store';

/** Reads one signal's samples with `lo <= t < hi` in time order; with `limit`, the first `limit` are certain, more may follow. */
export type ReadSeries = (signal: number, lo: number, hi: number, limit: number) => SeriesColumns;

/** A cursor's first batch, and the window its first read looks at (grown eightfold while it finds nothing). */
export const FIRST_BATCH = 64;
const FIRST_SPAN_MS = 1000;
const MAX_GROWTH = 8;

interface Cursor {
  signal: number;
  /** Everything before `lo` has been read. */
  lo: number;
  span: number;
  batch: number;
  buf: SeriesColumns;
  /** Next row of `buf` to hand out, and how many of `buf` are certain. */
  k: number;
  n: number;
}

/** Up to `want` rows of `signals` with `from <= t < to`, in (time, signal) order. */
export function mergeSignals(signals: readonly number[], from: number, to: number, want: number, read: ReadSeries): HistorySample[] {
  const heap: Cursor[] = [];
  const refill = (c: Cursor): boolean => {
    while (c.k >= c.n) {
      if (c.lo >= to) return false;
      const lo = c.lo;
      const hi = Math.min(to, lo + c.span);
      const s = read(c.signal, lo, hi, c.batch);
      if (s.t.length >= c.batch) {
        // Only the first `batch` are certain to be all there is up to the last of them.
        const last = s.t[c.batch - 1] as number;
        c.n = c.batch;
        c.lo = last + 1; // times are whole milliseconds
        c.span = Math.max(1, 2 * (c.lo - lo));
      } else {
        c.n = s.t.length;
        c.lo = hi;
        c.span = Math.max(1, c.span * (s.t.length === 0 ? MAX_GROWTH : Math.min(MAX_GROWTH, Math.max(1, (2 * c.batch) / s.t.length))));
      }
      c.buf = s;
      c.k = 0;
      c.batch = Math.min(2 * c.batch, Math.max(FIRST_BATCH, want));
    }
    return true;
  };
  for (const signal of signals) {
    const c: Cursor = { signal, lo: from, span: Math.max(1, Math.min(to - from, FIRST_SPAN_MS)), batch: Math.min(FIRST_BATCH, Math.max(1, want)), buf: { t: [], v: [], q: [] }, k: 0, n: 0 };
    if (refill(c)) push(heap, c);
  }
  const out: HistorySample[] = [];
  while (out.length < want && heap.length > 0) {
    const c = heap[0] as Cursor;
    out.push({ signalId: c.signal, t: c.buf.t[c.k] as number, value: c.buf.v[c.k] as number | string, quality: c.buf.q[c.k] as number });
    c.k++;
    if (refill(c)) siftDown(heap, 0);
    else {
      const last = heap.pop() as Cursor;
      if (heap.length > 0) {
        heap[0] = last;
        siftDown(heap, 0);
      }
    }
  }
  return out;
}

/** Whether cursor `a`'s next row comes before `b`'s. */
function before(a: Cursor, b: Cursor): boolean {
  const ta = a.buf.t[a.k] as number;
  const tb = b.buf.t[b.k] as number;
  return ta < tb || (ta === tb && a.signal < b.signal);
}

function push(heap: Cursor[], c: Cursor): void {
  heap.push(c);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i] as Cursor, heap[parent] as Cursor)) break;
    [heap[i], heap[parent]] = [heap[parent] as Cursor, heap[i] as Cursor];
    i = parent;
  }
}

function siftDown(heap: Cursor[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let least = i;
    if (l < heap.length && before(heap[l] as Cursor, heap[least] as Cursor)) least = l;
    if (r < heap.length && before(heap[r] as Cursor, heap[least] as Cursor)) least = r;
    if (least === i) return;
    [heap[i], heap[least]] = [heap[least] as Cursor, heap[i] as Cursor];
    i = least;
  }
}
