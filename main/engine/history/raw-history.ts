/**
 * Raw history in two tiers: each recorder flush lands as pending rows, one per slice of signals (cheap: sequential
 * appends), and a repack, once enough has gathered, cuts them into per-signal chunks (a row per signal per repack
 * instead of a row per sample) one slice at a time. Reads merge both, so nothing waits for a repack to be visible.
 * Every step is one transaction: a crash loses at most the flush in flight, and a slice's repack either happened or
 * did not.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { SeriesColumns } from './chunk-codec';
import { CHUNK_SCHEMA, ChunkTable, type StoredSample } from './chunk-table';
import type { HistoryMeta } from './history-meta';
import { eachSignal } from './pending-merge';
import { PENDING_SCHEMA, PendingTable, type PendingRow, type PendingSnapshot } from './pending-table';
import { SampleColumns, type SampleColumnsData } from './sample-columns';

export const RAW_SCHEMA = `${CHUNK_SCHEMA}\n${PENDING_SCHEMA}`;

/** Repack when one slice holds this many pending samples (its repack holds their blobs in memory: ~21 bytes each)… */
export const REPACK_SAMPLES = 2_000_000;
/**
 * …or when this many are pending in all (~170 MB of the file, rewritten by every repack). With many signals the
 * slices fill slowly, so chunks get longer than REPACK_SAMPLES alone would make them: SQLite's cost is per chunk row.
 */
export const PENDING_MAX_SAMPLES = 8_000_000;
/** …or when the oldest pending flush is this old (a signal at 1 Hz then gets chunks of 60 samples). */
export const REPACK_MS = 60_000;
/** Sample time an epoch covers at most. */
const EPOCH_MS = 60_000;

/** The raw tiers of one database. */
export class RawHistory {
  private readonly chunks: ChunkTable;
  private readonly pending: PendingTable;
  /** One signal's samples of one window, gathered for its chunks. */
  private readonly gathered = new SampleColumns(4096);

  constructor(db: DatabaseSync, meta: HistoryMeta) {
    this.chunks = new ChunkTable(db, meta);
    this.pending = new PendingTable(db);
  }

  /** The chunk table (compaction works on it). */
  get chunkTable(): ChunkTable {
    return this.chunks;
  }

  /** Samples waiting to be repacked. */
  get pendingSamples(): number {
    return this.pending.samples;
  }

  /** Reads the pending counts back from the table (after a transaction that failed to commit). */
  recount(): void {
    this.pending.recount();
  }

  /** Writes one flush (inside the caller's transaction). */
  append(batch: SampleColumnsData, now: number): void {
    this.pending.append(batch, now);
  }

  /** Whether the pending flushes should be cut into chunks now. */
  repackDue(now: number): boolean {
    const { samples, since } = this.pending;
    return this.pending.largestSlice >= REPACK_SAMPLES || samples >= PENDING_MAX_SAMPLES || (since !== undefined && now - since >= REPACK_MS);
  }

  /** Cuts every pending flush into chunks, all in the caller's transaction. */
  repack(): void {
    for (const step of this.repackSteps()) step();
  }

  /**
   * The repack as steps, one per slice of signals, to run in order, each in a transaction of its own (a flush may
   * land between two: it waits for the next repack). A slice's rows go into one epoch per EPOCH_MS window of sample
   * time they cover, shared by all slices of this repack, so an epoch is never long however late a repack runs,
   * and the disk bound can drop old data an epoch at a time.
   */
  *repackSteps(): Generator<() => void> {
    const { slices, lastSeq } = this.pending.cut();
    const epochs = new Map<number, number>();
    for (const slice of slices) yield () => this.repackSlice(slice, lastSeq, epochs);
  }

  private repackSlice(slice: number, lastSeq: number, epochs: Map<number, number>): void {
    const rows = this.pending.rowsOf(slice, lastSeq);
    const windows = windowsOf(rows);
    this.chunks.beginWrite();
    for (const w of [...windows.keys()].sort((a, b) => a - b)) {
      let epoch = epochs.get(w);
      if (epoch === undefined) {
        epoch = this.chunks.newEpoch();
        epochs.set(w, epoch);
      }
      const into = epoch;
      eachSignal(windows.get(w) ?? [], w * EPOCH_MS, (w + 1) * EPOCH_MS, this.gathered, (signal, samples) => this.chunks.appendSignal(into, signal, samples));
    }
    this.chunks.endWrite();
    this.pending.clear(slice, lastSeq);
  }

  /** The pending rows a query of these signals up to `to` reads (decode them once per query, not once per signal). */
  snapshot(to: number, signals: Iterable<number>): PendingSnapshot {
    return this.pending.snapshot(to, signals);
  }

  /** A signal's raw samples with `from <= t < to` in time order (see ChunkTable.series for `limit`). */
  series(signal: number, from: number, to: number, limit?: number, snapshot?: PendingSnapshot): SeriesColumns {
    return this.chunks.series(signal, from, to, limit, this.pending.of(signal, from, to, snapshot));
  }

  /** The signal's last raw sample before `t`, if any. */
  lastBefore(signal: number, t: number, snapshot?: PendingSnapshot): StoredSample | undefined {
    const newer = this.pending.of(signal, Number.MIN_SAFE_INTEGER, t, snapshot);
    const k = newer.t.length - 1;
    const fromPending = k < 0 ? undefined : { t: newer.t[k] as number, value: newer.v[k] as number | string, quality: newer.q[k] as number };
    const fromChunks = this.chunks.lastBefore(signal, t);
    if (!fromChunks) return fromPending;
    return fromPending && fromPending.t >= fromChunks.t ? fromPending : fromChunks;
  }
}

/** The EPOCH_MS windows of sample time each row covers, with the rows covering each (a live flush covers one or two). */
function windowsOf(rows: readonly PendingRow[]): Map<number, PendingRow[]> {
  const byWindow = new Map<number, PendingRow[]>();
  const add = (w: number, row: PendingRow) => {
    const list = byWindow.get(w);
    if (list) list.push(row);
    else byWindow.set(w, [row]);
  };
  for (const row of rows) {
    const first = Math.floor(row.tmin / EPOCH_MS);
    if (first === Math.floor(row.tmax / EPOCH_MS)) {
      add(first, row);
      continue;
    }
    const seen = new Set<number>();
    let last = Number.NaN;
    for (let k = 0; k < row.n; k++) {
      const w = Math.floor((row.times[k] as number) / EPOCH_MS);
      if (w === last) continue;
      last = w;
      if (seen.has(w)) continue;
      seen.add(w);
      add(w, row);
    }
  }
  return byWindow;
}
