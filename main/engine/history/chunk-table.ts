/**
 * The chunked raw history: one row per chunk of one signal (chunk-codec.ts), grouped in epochs, one per repack and
 * minute of sample time. The key is (epoch, signal, t0, seq): a repack's chunks land in its own epochs, signals
 * ascending, so it fills whole pages one after the other (at the end of the table, but for the earlier minute when a
 * repack spans two). Keyed by signal first, every repack would dirty one page per signal (a 4 KiB write for a few
 * hundred bytes). A read seeks (epoch, signal) in each epoch its range overlaps.
 * `seq` grows with every chunk written, so when two chunks hold a sample at the same millisecond the later write
 * wins, as a row store's INSERT OR REPLACE did. Reads return a signal's samples of a range in time order, one per
 * millisecond.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { ChunkArena, decodeChunk, encodeChunk, MAX_CHUNK_SAMPLES, MAX_CHUNK_SPAN_MS, sortedUnique, type EncodedChunk, type SeriesColumns } from './chunk-codec';
import type { HistoryMeta } from './history-meta';
import type { SampleColumnsData } from './sample-columns';

export const CHUNK_SCHEMA = `
CREATE TABLE IF NOT EXISTS epochs (epoch INTEGER PRIMARY KEY, tmin INTEGER NOT NULL, tmax INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS epochs_tmin ON epochs (tmin);
CREATE INDEX IF NOT EXISTS epochs_tmax ON epochs (tmax);
CREATE TABLE IF NOT EXISTS chunks (epoch INTEGER NOT NULL, signal INTEGER NOT NULL, t0 INTEGER NOT NULL, seq INTEGER NOT NULL, t1 INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (epoch, signal, t0, seq)) WITHOUT ROWID;
`;

/** Chunks per INSERT statement on the bulk path. */
const INSERT_GROUP = 16;
const COLUMNS = 7;

/** A chunk row as read back. */
export interface ChunkRow {
  signal: number;
  t0: number;
  seq: number;
  t1: number;
  n: number;
  data: Uint8Array;
}

/** A sample as stored. */
export interface StoredSample {
  t: number;
  value: number | string;
  quality: number;
}

/** Writes and reads chunks. */
export class ChunkTable {
  private readonly insertOne: StatementSync;
  private readonly insertGroup: StatementSync;
  private readonly groupArgs: (number | Uint8Array | null)[] = new Array<number | Uint8Array | null>(INSERT_GROUP * COLUMNS).fill(0);
  private grouped = 0;
  /** The grouped rows' chunk bytes, until their INSERT copied them. */
  private readonly arena = new ChunkArena();
  private readonly epochsOverlapping: StatementSync;
  private readonly inEpoch: StatementSync;
  private readonly widenEpoch: StatementSync;
  private nextSeq: number;
  private nextEpoch: number;
  /** The time range written into each epoch since `beginWrite`. */
  private readonly written = new Map<number, { tmin: number; tmax: number }>();
  /** 0, 1, 2, …: the rows of a signal's samples before sorting. */
  private identity = new Uint32Array(0);

  constructor(
    private readonly db: DatabaseSync,
    private readonly meta: HistoryMeta,
  ) {
    const marks = `(${Array(COLUMNS).fill('?').join(', ')})`;
    const insert = 'INSERT INTO chunks (epoch, signal, t0, seq, t1, n, data) VALUES';
    this.insertOne = db.prepare(`${insert} ${marks}`);
    this.insertGroup = db.prepare(`${insert} ${Array(INSERT_GROUP).fill(marks).join(', ')}`);
    this.epochsOverlapping = db.prepare('SELECT epoch, tmin FROM epochs WHERE tmax >= ? AND tmin < ? ORDER BY tmin, epoch');
    this.widenEpoch = db.prepare('INSERT INTO epochs (epoch, tmin, tmax) VALUES (?, ?, ?) ON CONFLICT (epoch) DO UPDATE SET tmin = MIN(tmin, excluded.tmin), tmax = MAX(tmax, excluded.tmax)');
    this.inEpoch = db.prepare('SELECT t0, seq, n, data FROM chunks WHERE epoch = ? AND signal = ? AND t1 >= ? AND t0 < ? ORDER BY t0, seq');
    // Kept in `meta`, written with every epoch: never reused after compaction empties the tables, and no scan at open.
    this.nextSeq = meta.getOrInit('nextChunkSeq', () => Number(db.prepare('SELECT MAX(seq) AS s FROM chunks').get()?.s ?? 0) + 1);
    this.nextEpoch = meta.getOrInit('nextEpoch', () => Number(db.prepare('SELECT MAX(epoch) AS e FROM epochs').get()?.e ?? 0) + 1);
  }

  /** A new epoch (a repack takes one per window of sample time it writes). */
  newEpoch(): number {
    return this.nextEpoch++;
  }

  /** Starts a write (inside the caller's transaction): rows of a write that failed, and was rolled back, never go out with this one. */
  beginWrite(): void {
    this.grouped = 0;
    this.arena.reset();
    this.written.clear();
  }

  /**
   * Writes one signal's samples (times in whole ms) into an epoch: in time order, one per millisecond (the last one
   * given wins), cut into chunks. Signals come in ascending order within an epoch (slices ascend), which keeps the
   * writes sequential; correctness does not depend on it.
   */
  appendSignal(epoch: number, signal: number, samples: SampleColumnsData): void {
    const n = samples.length;
    if (n === 0) return;
    if (this.identity.length < n) this.identity = Uint32Array.from({ length: Math.max(n, 2 * this.identity.length) }, (_, i) => i);
    const run = inTimeOrder(this.identity, 0, n, samples.times);
    const range = this.written.get(epoch) ?? { tmin: Number.POSITIVE_INFINITY, tmax: Number.NEGATIVE_INFINITY };
    range.tmin = Math.min(range.tmin, samples.times[run[0] as number] as number);
    range.tmax = Math.max(range.tmax, samples.times[run[run.length - 1] as number] as number);
    this.written.set(epoch, range);
    this.writeRun(epoch, signal, samples, run, samples.times, () => this.nextSeq++);
  }

  /** Ends a write (before the caller commits): the last grouped rows, the epochs' time ranges, the counters. */
  endWrite(): void {
    this.flushGroup();
    for (const [epoch, { tmin, tmax }] of this.written) this.widenEpoch.run(epoch, tmin, tmax);
    this.written.clear();
    this.meta.set('nextEpoch', this.nextEpoch);
    this.meta.set('nextChunkSeq', this.nextSeq);
  }

  /** Writes samples back into an epoch under a chunk's own seq (compaction keeps what a dropped chunk held). */
  rewrite(epoch: number, signal: number, seq: number, batch: SampleColumnsData): void {
    this.flushGroup(); // none pending today (compaction runs between writes), and none may be lost if one were
    const rows = Uint32Array.from({ length: batch.length }, (_, i) => i);
    const times = Float64Array.from(batch.times.subarray(0, batch.length), Math.round);
    this.writeRun(epoch, signal, batch, rows, times, () => seq);
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
    for (const epoch of this.epochsOverlapping.all(from, to)) {
      // Every later epoch starts after what we have (counted only while nothing overlapped: overlaps may hold duplicates).
      if (ordered && out.t.length >= limit && Number(epoch.tmin) > lastT) break;
      for (const row of this.inEpoch.iterate(Number(epoch.epoch), signal, from, to)) {
        const chunk = row as unknown as ChunkRow;
        const before = out.t.length;
        decodeChunk(Number(chunk.t0), Number(chunk.n), chunk.data, from, to, out);
        if (out.t.length > before && (out.t[before] as number) <= lastT) ordered = false;
        for (let k = before; k < out.t.length; k++) seqs.push(Number(chunk.seq));
        if (out.t.length > 0) lastT = Math.max(lastT, out.t[out.t.length - 1] as number);
      }
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

  /** The signal's last chunked sample before `t`, if any: epochs walked newest first until none can hold a later one. */
  lastBefore(signal: number, t: number): StoredSample | undefined {
    const last = this.db.prepare('SELECT t0, seq, n, data FROM chunks WHERE epoch = ? AND signal = ? AND t0 < ? ORDER BY t0 DESC, seq DESC LIMIT 1');
    let best: (StoredSample & { seq: number }) | undefined;
    for (const epoch of this.db.prepare('SELECT epoch, tmax FROM epochs WHERE tmin < ? ORDER BY tmax DESC').iterate(t)) {
      if (best && Number(epoch.tmax) < best.t) break;
      const chunk = last.get(Number(epoch.epoch), signal, t) as unknown as ChunkRow | undefined;
      if (!chunk) continue;
      const found: SeriesColumns = { t: [], v: [], q: [] };
      decodeChunk(Number(chunk.t0), Number(chunk.n), chunk.data, Number.MIN_SAFE_INTEGER, t, found);
      const k = found.t.length - 1;
      if (k < 0) continue;
      const candidate = { t: found.t[k] as number, value: found.v[k] as number | string, quality: found.q[k] as number, seq: Number(chunk.seq) };
      if (!best || candidate.t > best.t || (candidate.t === best.t && candidate.seq > best.seq)) best = candidate; // the later write of a millisecond
    }
    return best && { t: best.t, value: best.value, quality: best.quality };
  }

  private writeRun(epoch: number, signal: number, batch: SampleColumnsData, run: Uint32Array, times: Float64Array, seq: () => number): void {
    for (let from = 0; from < run.length; ) {
      const to = chunkEnd(run, from, run.length, times);
      this.insert(epoch, signal, seq(), encodeChunk(batch, run, from, to, times, this.arena));
      from = to;
    }
  }

  private insert(epoch: number, signal: number, seq: number, c: EncodedChunk): void {
    const args = this.groupArgs;
    let a = this.grouped * COLUMNS;
    args[a++] = epoch;
    args[a++] = signal;
    args[a++] = c.t0;
    args[a++] = seq;
    args[a++] = c.t1;
    args[a++] = c.n;
    args[a] = c.data;
    if (++this.grouped === INSERT_GROUP) {
      this.insertGroup.run(...args);
      this.grouped = 0;
      this.arena.reset();
    }
  }

  private flushGroup(): void {
    const args = this.groupArgs;
    for (let g = 0; g < this.grouped; g++) this.insertOne.run(...args.slice(g * COLUMNS, (g + 1) * COLUMNS));
    this.grouped = 0;
    this.arena.reset();
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
function inTimeOrder(order: Uint32Array, start: number, end: number, times: ArrayLike<number>): Uint32Array {
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
