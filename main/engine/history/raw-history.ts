/**
 * Raw history in two tiers: each recorder flush lands as one pending row (cheap: one sequential append), and a
 * repack, once enough has gathered, cuts the pending flushes into per-signal chunks (a row per signal per repack
 * instead of a row per sample). Reads merge both, so nothing waits for a repack to be visible. Every step is one
 * transaction: a crash loses at most the flush in flight, and a repack either happened or did not.
 */
import type { DatabaseSync } from 'node:sqlite';
import { signalRange, type BatchView } from './batch-codec';
import type { SeriesColumns } from './chunk-codec';
import { CHUNK_SCHEMA, ChunkTable, type StoredSample } from './chunk-table';
import type { HistoryMeta } from './history-meta';
import { PENDING_SCHEMA, PendingTable, type PendingSnapshot } from './pending-table';
import { SampleColumns, type SampleColumnsData } from './sample-columns';

export const RAW_SCHEMA = `${CHUNK_SCHEMA}\n${PENDING_SCHEMA}`;

/** Repack when this many samples are pending (the repack holds their blobs in memory: ~21 bytes each)… */
export const REPACK_SAMPLES = 2_000_000;
/** …or when the oldest pending flush is this old (a signal at 1 Hz then gets chunks of 60 samples). */
export const REPACK_MS = 60_000;
/** Sample time an epoch covers at most. */
const EPOCH_MS = 60_000;
/** Signals cut per pass of a repack (bounds the columns built at once). */
const REPACK_SLICE = 8192;

/** The raw tiers of one database. */
export class RawHistory {
  private readonly chunks: ChunkTable;
  private readonly pending: PendingTable;

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

  /** Writes one flush (inside the caller's transaction). */
  append(batch: SampleColumnsData, now: number): void {
    this.pending.append(batch, now);
  }

  /** Whether the pending flushes should be cut into chunks now. */
  repackDue(now: number): boolean {
    const { samples, since } = this.pending;
    return samples >= REPACK_SAMPLES || (since !== undefined && now - since >= REPACK_MS);
  }

  /**
   * Cuts every pending flush into chunks (inside the caller's transaction): one epoch per EPOCH_MS window of sample
   * time the flushes cover, so an epoch is never long however late a repack runs, and the disk bound can drop old
   * data an epoch at a time. Each flush is read once per window it covers (a live flush covers one or two).
   */
  repack(): void {
    const { batches, lastSeq } = this.pending.all();
    if (batches.length === 0) return;
    let maxId = -1;
    const byWindow = new Map<number, BatchView[]>();
    for (const b of batches) {
      if (b.n > 0) maxId = Math.max(maxId, b.ids[b.n - 1] as number);
      const seen = new Set<number>();
      let last = Number.NaN;
      for (let k = 0; k < b.n; k++) {
        const w = Math.floor((b.times[k] as number) / EPOCH_MS);
        if (w === last) continue;
        last = w;
        if (seen.has(w)) continue;
        seen.add(w);
        const list = byWindow.get(w);
        if (list) list.push(b);
        else byWindow.set(w, [b]);
      }
    }
    for (const w of [...byWindow.keys()].sort((a, b) => a - b)) this.chunks.appendEpoch(slicesOf(byWindow.get(w) ?? [], maxId, w * EPOCH_MS, (w + 1) * EPOCH_MS));
    this.pending.clear(lastSeq);
  }

  /** The pending flushes a query up to `to` reads (decode them once per query, not once per signal). */
  snapshot(to: number): PendingSnapshot {
    return this.pending.snapshot(to);
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

/** The pending batches' samples with `from <= t < to` in slices of REPACK_SLICE signals, ascending (each in write order). */
function* slicesOf(batches: readonly BatchView[], maxId: number, from: number, to: number): Generator<SampleColumnsData> {
  for (let lo = 0; lo <= maxId; lo += REPACK_SLICE) {
    const slice = new SampleColumns();
    for (const b of batches) {
      const [start, end] = signalRange(b, lo, lo + REPACK_SLICE);
      for (let k = start; k < end; k++) {
        const t = b.times[k] as number;
        if (t >= from && t < to) slice.push(b.ids[k] as number, t, b.texts.get(k) ?? (b.values[k] as number), b.qualities[k] as number);
      }
    }
    yield slice;
  }
}
