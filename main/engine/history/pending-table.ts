/**
 * Flushes not yet cut into chunks: one row per recorder flush (batch-codec.ts), in write order (`seq`). Reads pick a
 * signal's samples out of them by binary search, so the newest data is queryable the moment its flush committed.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { decodeBatch, encodeBatch, signalRange, type BatchView } from './batch-codec';
import { sortedUnique, type SeriesColumns } from './chunk-codec';
import type { SampleColumnsData } from './sample-columns';

export const PENDING_SCHEMA = 'CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY, tmin INTEGER NOT NULL, tmax INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL);';

/** Pending flushes decoded for one query, in write order. */
export type PendingSnapshot = readonly BatchView[];

/** The pending flushes. */
export class PendingTable {
  /** Samples waiting to be cut into chunks. */
  samples: number;
  /** When the oldest of them was written (engine clock; 0 when they come from an earlier run). */
  since: number | undefined;
  private readonly insert: StatementSync;
  private readonly before: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.insert = db.prepare('INSERT INTO pending (tmin, tmax, n, data) VALUES (?, ?, ?, ?)');
    this.before = db.prepare('SELECT data FROM pending WHERE tmin < ? ORDER BY seq');
    this.samples = Number(db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM pending').get()?.n ?? 0);
    this.since = this.samples > 0 ? 0 : undefined;
  }

  /** Writes one flush (inside the caller's transaction). */
  append(batch: SampleColumnsData, now: number): void {
    if (batch.length === 0) return;
    const { data, tmin, tmax } = encodeBatch(batch);
    this.insert.run(tmin, tmax, batch.length, data);
    this.samples += batch.length;
    this.since ??= now;
  }

  /** Every pending flush in write order (with its time range), and the last seq among them. */
  all(): { batches: (BatchView & { tmin: number; tmax: number })[]; lastSeq: number } {
    const rows = this.db.prepare('SELECT seq, tmin, tmax, data FROM pending ORDER BY seq').all();
    return { batches: rows.map((r) => ({ ...decodeBatch(r.data as Uint8Array), tmin: Number(r.tmin), tmax: Number(r.tmax) })), lastSeq: Number(rows[rows.length - 1]?.seq ?? 0) };
  }

  /** Forgets the flushes up to `lastSeq` (they are in chunks now). */
  clear(lastSeq: number): void {
    this.db.prepare('DELETE FROM pending WHERE seq <= ?').run(lastSeq);
    this.samples = Number(this.db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM pending').get()?.n ?? 0);
    this.since = this.samples > 0 ? this.since : undefined;
  }

  /** The pending flushes holding samples before `to`, decoded once for the reads of one query. */
  snapshot(to: number): PendingSnapshot {
    return this.before.all(to).map((r) => decodeBatch(r.data as Uint8Array));
  }

  /** A signal's pending samples with `from <= t < to`, in time order, the last write of a millisecond kept. */
  of(signal: number, from: number, to: number, snapshot: PendingSnapshot = this.snapshot(to)): SeriesColumns {
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
}
