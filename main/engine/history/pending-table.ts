/**
 * Flushes not yet cut into chunks: each recorder flush lands as one row per slice of SLICE_SIGNALS signal ids
 * (batch-codec.ts), in write order (`seq`). A repack takes one slice at a time, so it holds only that slice's part of
 * the pending data in memory, however much is pending; a read decodes only the slices of the signals it asks for.
 * Reads pick a signal's samples out of the rows by binary search, so the newest data is queryable the moment its
 * flush committed.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { decodeBatch, encodeSlices, signalRange, type BatchView } from './batch-codec';
import { sortedUnique, type SeriesColumns } from './chunk-codec';
import type { SampleColumnsData } from './sample-columns';

/** Signal ids per slice. */
export const SLICE_SIGNALS = 8192;

/** The slice a signal's pending samples are kept in. */
export const sliceOf = (signal: number): number => Math.floor(signal / SLICE_SIGNALS);

export const PENDING_SCHEMA = `
CREATE TABLE IF NOT EXISTS pending_slices (seq INTEGER PRIMARY KEY, slice INTEGER NOT NULL, tmin INTEGER NOT NULL, tmax INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS pending_slices_slice ON pending_slices (slice, seq);
`;

/** Pending flushes decoded for one query, in write order within a slice. */
export type PendingSnapshot = readonly BatchView[];

/** A pending row as decoded for a repack. */
export type PendingRow = BatchView & { tmin: number; tmax: number };

/** The pending flushes. */
export class PendingTable {
  /** Samples waiting to be cut into chunks. */
  samples = 0;
  /** Each flush still pending, in write order: its last row and when it was written (engine clock; 0: an earlier run). */
  private readonly flushes: { lastSeq: number; at: number }[] = [];
  /** Samples waiting, by slice. */
  private readonly bySlice = new Map<number, number>();
  private readonly insert: StatementSync;
  private readonly ofSliceBefore: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.insert = db.prepare('INSERT INTO pending_slices (slice, tmin, tmax, n, data) VALUES (?, ?, ?, ?, ?)');
    this.ofSliceBefore = db.prepare('SELECT data FROM pending_slices WHERE slice = ? AND tmin < ? ORDER BY seq');
    moveUnslicedRows(db, this.insert);
    this.recount();
  }

  /**
   * The counts read back from the table: at open, and after a transaction that failed to commit (the counts had
   * moved with it). Flushes gone from the table are forgotten; rows whose flush is unknown date from an earlier run.
   */
  recount(): void {
    this.bySlice.clear();
    this.samples = 0;
    for (const row of this.db.prepare('SELECT slice, SUM(n) AS n FROM pending_slices GROUP BY slice').all()) this.count(Number(row.slice), Number(row.n));
    const first = Number(this.db.prepare('SELECT MIN(seq) AS s FROM pending_slices').get()?.s ?? Number.POSITIVE_INFINITY);
    const last = this.lastSeq();
    while (this.flushes.length > 0 && (this.flushes[0]?.lastSeq as number) < first) this.flushes.shift();
    while (this.flushes.length > 0 && (this.flushes[this.flushes.length - 1]?.lastSeq as number) > last) this.flushes.pop();
    if (this.samples > 0 && this.flushes.length === 0) this.flushes.push({ lastSeq: last, at: 0 });
  }

  /** When the oldest pending flush was written (engine clock; 0 when it comes from an earlier run). */
  get since(): number | undefined {
    return this.flushes[0]?.at;
  }

  /** Samples waiting in the slice that holds the most. */
  get largestSlice(): number {
    let most = 0;
    for (const n of this.bySlice.values()) most = Math.max(most, n);
    return most;
  }

  /** Writes one flush (inside the caller's transaction). */
  append(batch: SampleColumnsData, now: number): void {
    if (batch.length === 0) return;
    let lastSeq = 0;
    for (const part of encodeSlices(batch, sliceOf)) {
      lastSeq = Number(this.insert.run(part.slice, part.tmin, part.tmax, part.n, part.data).lastInsertRowid);
      this.count(part.slice, part.n);
    }
    this.flushes.push({ lastSeq, at: now });
  }

  /** What a repack takes: the slices holding pending samples (ascending) and the last row written so far. */
  cut(): { slices: number[]; lastSeq: number } {
    const slices = this.db.prepare('SELECT DISTINCT slice FROM pending_slices ORDER BY slice').all().map((r) => Number(r.slice));
    return { slices, lastSeq: this.lastSeq() };
  }

  /** A slice's rows up to `lastSeq`, in write order, decoded. */
  rowsOf(slice: number, lastSeq: number): PendingRow[] {
    const rows = this.db.prepare('SELECT tmin, tmax, data FROM pending_slices WHERE slice = ? AND seq <= ? ORDER BY seq').all(slice, lastSeq);
    return rows.map((r) => ({ ...decodeBatch(r.data as Uint8Array), tmin: Number(r.tmin), tmax: Number(r.tmax) }));
  }

  /** Forgets a slice's rows up to `lastSeq` (inside the caller's transaction: they are in chunks now). */
  clear(slice: number, lastSeq: number): void {
    this.db.prepare('DELETE FROM pending_slices WHERE slice = ? AND seq <= ?').run(slice, lastSeq);
    const left = Number(this.db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM pending_slices WHERE slice = ?').get(slice)?.n ?? 0);
    this.count(slice, left - (this.bySlice.get(slice) ?? 0));
    // Flushes written up to `lastSeq` are gone once no slice holds rows of theirs (flushes written meanwhile stay).
    if (!this.db.prepare('SELECT 1 AS x FROM pending_slices WHERE seq <= ? LIMIT 1').get(lastSeq)) {
      while ((this.flushes[0]?.lastSeq ?? Number.POSITIVE_INFINITY) <= lastSeq) this.flushes.shift();
    }
  }

  /** The pending rows holding samples before `to` of the given signals' slices, decoded once for the reads of one query. */
  snapshot(to: number, signals: Iterable<number>): PendingSnapshot {
    const slices = new Set<number>();
    for (const signal of signals) slices.add(sliceOf(signal));
    return [...slices].flatMap((slice) => this.ofSliceBefore.all(slice, to).map((r) => decodeBatch(r.data as Uint8Array)));
  }

  /** A signal's pending samples with `from <= t < to`, in time order, the last write of a millisecond kept. */
  of(signal: number, from: number, to: number, snapshot: PendingSnapshot = this.snapshot(to, [signal])): SeriesColumns {
    const found: SeriesColumns = { t: [], v: [], q: [] };
    let ordered = true;
    for (const batch of snapshot) {
      const [start, end] = signalRange(batch, signal, signal + 1);
      for (let k = start; k < end; k++) {
        const t = batch.times[k] as number;
        if (t < from || t >= to) continue;
        const last = found.t[found.t.length - 1];
        if (last !== undefined && t <= last) ordered = false;
        found.t.push(t);
        found.v.push(batch.texts.get(k) ?? (batch.values[k] as number));
        found.q.push(batch.qualities[k] as number);
      }
    }
    // Out of order or repeated: sorted, the later write of a millisecond kept (write order is the sequence).
    return ordered ? found : sortedUnique(found, found.t.map((_, k) => k));
  }

  private lastSeq(): number {
    return Number(this.db.prepare('SELECT MAX(seq) AS s FROM pending_slices').get()?.s ?? 0);
  }

  private count(slice: number, delta: number): void {
    const n = (this.bySlice.get(slice) ?? 0) + delta;
    if (n > 0) this.bySlice.set(slice, n);
    else this.bySlice.delete(slice);
    this.samples += delta;
  }
}

/**
 * Files of the previous version kept a flush as one row of all its signals (`pending`): on open, those rows are cut
 * into slices, in write order, in one transaction (at most one repack's worth), and the old table goes. A row that
 * cannot be decoded stops nothing: it stays behind in `pending_unreadable`, for whoever looks into the file.
 */
function moveUnslicedRows(db: DatabaseSync, insert: StatementSync): void {
  if (!db.prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'pending'").get()) return;
  db.exec('BEGIN');
  try {
    const drop = db.prepare('DELETE FROM pending WHERE seq = ?');
    for (const row of db.prepare('SELECT seq, data FROM pending ORDER BY seq').all()) {
      let parts;
      try {
        const b = decodeBatch(row.data as Uint8Array);
        parts = encodeSlices({ length: b.n, ids: b.ids, times: b.times, values: b.values, qualities: b.qualities, texts: b.texts }, sliceOf);
      } catch {
        continue;
      }
      for (const part of parts) insert.run(part.slice, part.tmin, part.tmax, part.n, part.data);
      drop.run(Number(row.seq));
    }
    db.exec(db.prepare('SELECT 1 AS x FROM pending LIMIT 1').get() ? 'ALTER TABLE pending RENAME TO pending_unreadable' : 'DROP TABLE pending');
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
