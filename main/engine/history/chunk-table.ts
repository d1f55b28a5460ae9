/**
 * The raw history table: one row per chunk of one signal (chunk-codec.ts), keyed (signal, t0, seq). `seq` grows with
 * every chunk written, so when two chunks hold a sample at the same millisecond the later write wins, as a row
 * store's INSERT OR REPLACE did. Reads return a signal's samples of a range in time order, one per millisecond.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { decodeChunk, encodeChunk, MAX_CHUNK_SAMPLES, MAX_CHUNK_SPAN_MS, type EncodedChunk, type SeriesColumns } from './chunk-codec';
import { bySignal, toColumns, type SampleColumnsData } from './sample-columns';

export const CHUNK_SCHEMA = `CREATE TABLE IF NOT EXISTS chunks (signal INTEGER NOT NULL, t0 INTEGER NOT NULL, seq INTEGER NOT NULL, t1 INTEGER NOT NULL, n INTEGER NOT NULL, bad INTEGER NOT NULL, lo REAL, hi REAL, data BLOB NOT NULL, PRIMARY KEY (signal, t0, seq)) WITHOUT ROWID;`;

/** Chunks per INSERT statement on the bulk path. */
const INSERT_GROUP = 16;
const COLUMNS = 9;

/** A chunk row as read back. */
interface ChunkRow {
  t0: number;
  seq: number;
  n: number;
  data: Uint8Array;
}

/** Writes and reads chunks. */
export class ChunkTable {
  private readonly insertOne: StatementSync;
  private readonly insertGroup: StatementSync;
  private readonly groupArgs: (number | Uint8Array | null)[] = new Array<number | Uint8Array | null>(INSERT_GROUP * COLUMNS).fill(0);
  private grouped = 0;
  private readonly inRange: StatementSync;
  private readonly lastStart: StatementSync;
  private nextSeq: number;

  constructor(private readonly db: DatabaseSync) {
    const marks = `(${Array(COLUMNS).fill('?').join(', ')})`;
    this.insertOne = db.prepare(`INSERT INTO chunks (signal, t0, seq, t1, n, bad, lo, hi, data) VALUES ${marks}`);
    this.insertGroup = db.prepare(`INSERT INTO chunks (signal, t0, seq, t1, n, bad, lo, hi, data) VALUES ${Array(INSERT_GROUP).fill(marks).join(', ')}`);
    this.inRange = db.prepare('SELECT t0, seq, n, data FROM chunks WHERE signal = ? AND t0 >= ? AND t0 < ? AND t1 >= ? ORDER BY t0, seq');
    this.lastStart = db.prepare('SELECT t0 FROM chunks WHERE signal = ? AND t0 < ? ORDER BY t0 DESC LIMIT 1');
    this.nextSeq = Number(db.prepare('SELECT MAX(seq) AS s FROM chunks').get()?.s ?? 0) + 1;
  }

  /**
   * Writes a batch (inside the caller's transaction): each signal's rows in time order, one sample per millisecond
   * (the last one given wins), cut into chunks. Returns the signals written.
   */
  append(batch: SampleColumnsData): Set<number> {
    const { ids, length } = batch;
    const order = bySignal(ids, length);
    const times = new Float64Array(batch.times.length);
    for (let i = 0; i < length; i++) times[i] = Math.round(batch.times[i] as number);
    const signals = new Set<number>();
    for (let start = 0; start < length; ) {
      const signal = ids[order[start] as number] as number;
      let end = start + 1;
      while (end < length && ids[order[end] as number] === signal) end++;
      const run = inTimeOrder(order, start, end, times);
      this.writeRun(signal, batch, run, times);
      signals.add(signal);
      start = end;
    }
    this.flushGroup();
    return signals;
  }

  /** Re-writes samples kept from a chunk being dropped (compaction), under the chunk's own seq. */
  rewrite(signal: number, seq: number, batch: SampleColumnsData): void {
    const rows = Uint32Array.from({ length: batch.length }, (_, i) => i);
    const times = Float64Array.from(batch.times.subarray(0, batch.length), Math.round);
    for (let from = 0; from < rows.length; ) {
      const to = chunkEnd(rows, from, rows.length, times);
      this.insert(signal, seq, encodeChunk(batch, rows, from, to, times));
      from = to;
    }
    this.flushGroup();
  }

  /**
   * A signal's samples with `from <= t < to`, in time order, one per millisecond. With `limit`, reading stops once
   * `limit` samples are certain to be the first ones (the result may hold more; the caller cuts). `newer`: samples of
   * the range not yet in chunks (time order, one per millisecond), which win over chunks at the same millisecond.
   */
  series(signal: number, from: number, to: number, limit = Number.POSITIVE_INFINITY, newer?: SeriesColumns): SeriesColumns {
    const out: SeriesColumns = { t: [], v: [], q: [] };
    const seqs: number[] = [];
    let ordered = true;
    let lastT = Number.NEGATIVE_INFINITY;
    for (const row of this.inRange.iterate(signal, from - MAX_CHUNK_SPAN_MS, to, from) as Iterable<Record<string, unknown>>) {
      const chunk = row as unknown as ChunkRow;
      const t0 = Number(chunk.t0);
      if (out.t.length >= limit && t0 > lastT) break; // every later chunk starts after what we have
      const before = out.t.length;
      decodeChunk(t0, Number(chunk.n), chunk.data, from, to, out);
      if (out.t.length > before && (out.t[before] as number) <= lastT) ordered = false;
      for (let k = before; k < out.t.length; k++) seqs.push(Number(chunk.seq));
      if (out.t.length > 0) lastT = Math.max(lastT, out.t[out.t.length - 1] as number);
    }
    if (newer && newer.t.length > 0) {
      if ((newer.t[0] as number) <= lastT) ordered = false;
      for (let k = 0; k < newer.t.length; k++) {
        out.t.push(newer.t[k] as number);
        out.v.push(newer.v[k] as number | string);
        out.q.push(newer.q[k] as number);
        seqs.push(Number.MAX_SAFE_INTEGER); // not yet in a chunk: written after every chunk
      }
    }
    return ordered ? out : sortedUnique(out, seqs);
  }

  /**
   * Takes a signal's samples before `cutoff` out of the table (compaction): returns them, drops every chunk that
   * starts before it, and writes back what such a chunk held from `cutoff` on.
   */
  takeBefore(signal: number, cutoff: number): SeriesColumns {
    const taken = this.series(signal, Number.MIN_SAFE_INTEGER, cutoff);
    const straddling = this.db.prepare('SELECT t0, seq, n, data FROM chunks WHERE signal = ? AND t0 < ? AND t1 >= ?').all(signal, cutoff, cutoff) as unknown as ChunkRow[];
    this.db.prepare('DELETE FROM chunks WHERE signal = ? AND t0 < ?').run(signal, cutoff);
    for (const chunk of straddling) {
      const kept: SeriesColumns = { t: [], v: [], q: [] };
      decodeChunk(Number(chunk.t0), Number(chunk.n), chunk.data, cutoff, Number.POSITIVE_INFINITY, kept);
      this.rewrite(signal, Number(chunk.seq), toColumns(kept.t.map((t, k) => ({ signalId: signal, t, value: kept.v[k] as number | string, quality: kept.q[k] as number }))));
    }
    return taken;
  }

  /** The signal's last sample before `t`, if any. */
  lastBefore(signal: number, t: number): { t: number; value: number | string; quality: number } | undefined {
    const start = this.lastStart.get(signal, t)?.t0;
    if (start === undefined || start === null) return undefined;
    const found = this.series(signal, Number(start), t);
    const k = found.t.length - 1;
    return k < 0 ? undefined : { t: found.t[k] as number, value: found.v[k] as number | string, quality: found.q[k] as number };
  }

  private writeRun(signal: number, batch: SampleColumnsData, run: Uint32Array, times: Float64Array): void {
    for (let from = 0; from < run.length; ) {
      const to = chunkEnd(run, from, run.length, times);
      this.insert(signal, this.nextSeq++, encodeChunk(batch, run, from, to, times));
      from = to;
    }
  }

  private insert(signal: number, seq: number, c: EncodedChunk): void {
    const args = this.groupArgs;
    let a = this.grouped * COLUMNS;
    args[a++] = signal;
    args[a++] = c.t0;
    args[a++] = seq;
    args[a++] = c.t1;
    args[a++] = c.n;
    args[a++] = c.bad;
    args[a++] = c.lo;
    args[a++] = c.hi;
    args[a] = c.data;
    if (++this.grouped === INSERT_GROUP) {
      this.insertGroup.run(...args);
      this.grouped = 0;
    }
  }

  private flushGroup(): void {
    const args = this.groupArgs;
    for (let g = 0; g < this.grouped; g++) this.insertOne.run(...args.slice(g * COLUMNS, (g + 1) * COLUMNS));
    this.grouped = 0;
  }
}

/** Where the chunk starting at `from` ends: at the span or count limit. */
function chunkEnd(rows: ArrayLike<number>, from: number, end: number, times: ArrayLike<number>): number {
  const t0 = times[rows[from] as number] as number;
  let to = from + 1;
  while (to < end && to - from < MAX_CHUNK_SAMPLES && (times[rows[to] as number] as number) - t0 <= MAX_CHUNK_SPAN_MS) to++;
  return to;
}

/** One signal's rows `order[start..end)` sorted by time (stable), keeping only the last row of each millisecond. */
function inTimeOrder(order: Uint32Array, start: number, end: number, times: Float64Array): Uint32Array {
  let run = order.subarray(start, end);
  let sorted = true;
  let unique = true;
  for (let k = 1; k < run.length; k++) {
    const d = (times[run[k] as number] as number) - (times[run[k - 1] as number] as number);
    if (d < 0) sorted = false;
    else if (d === 0) unique = false;
  }
  if (!sorted) run = Uint32Array.from(Array.from(run).sort((a, b) => (times[a] as number) - (times[b] as number) || a - b));
  if (!sorted || !unique) run = run.filter((row, k) => k === run.length - 1 || times[run[k + 1] as number] !== times[row]);
  return run;
}

/** A series gathered from overlapping chunks: sorted by time, the latest write (highest seq) of each millisecond kept. */
function sortedUnique(s: SeriesColumns, seqs: number[]): SeriesColumns {
  const idx = s.t.map((_, k) => k).sort((a, b) => (s.t[a] as number) - (s.t[b] as number) || (seqs[a] as number) - (seqs[b] as number) || a - b);
  const out: SeriesColumns = { t: [], v: [], q: [] };
  idx.forEach((k, i) => {
    const next = idx[i + 1];
    if (next !== undefined && s.t[next] === s.t[k]) return;
    out.t.push(s.t[k] as number);
    out.v.push(s.v[k] as number | string);
    out.q.push(s.q[k] as number);
  });
  return out;
}
