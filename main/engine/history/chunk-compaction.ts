/**
 * Raw data past its retention leaves the chunks: every epoch holding samples before the cutoff is read signal by
 * signal (all those epochs together, so a millisecond written in two repacks is rolled up once, with its last
 * value), rolled up, and deleted; an epoch wholly before the cutoff goes as one contiguous key range, and a chunk the
 * cutoff cuts keeps its later samples (written back under its own seq).
 * A damaged chunk (its bytes do not fit its samples) is counted and dropped unread, so one bad block on the disk
 * cannot stop retention and the disk bound for good; a chunk of a kind this version does not know stops the
 * compaction instead (a newer version's data is never dropped as damage).
 */
import type { DatabaseSync } from 'node:sqlite';
import { DamagedChunkError, decodeChunk, sortedUnique, type SeriesColumns } from './chunk-codec';
import type { ChunkRow, ChunkTable } from './chunk-table';
import { toColumns } from './sample-columns';

/** Receives one signal's samples before the cutoff (time order, one per millisecond), to roll up. */
export type Roll = (signal: number, samples: SeriesColumns) => void;

/** A chunk the cutoff cuts: what it keeps is written back once the read is done. */
interface Cut {
  epoch: number;
  signal: number;
  t0: number;
  seq: number;
  kept: SeriesColumns;
}

/** Rolls up and drops the chunked samples before `cutoff` (inside the caller's transaction); returns the damaged chunks dropped. */
export function compactBefore(db: DatabaseSync, chunks: ChunkTable, cutoff: number, roll: Roll): number {
  const epochs = db.prepare('SELECT epoch, tmax FROM epochs WHERE tmin < ?').all(cutoff).map((r) => ({ epoch: Number(r.epoch), whole: Number(r.tmax) < cutoff }));
  if (epochs.length === 0) return 0;
  const list = epochs.map((e) => e.epoch).join(', '); // integers from the table itself
  const cuts: Cut[] = [];
  const damaged: (ChunkRow & { epoch: number })[] = [];
  let signal = Number.NaN;
  let before: SeriesColumns = { t: [], v: [], q: [] };
  let seqs: number[] = [];
  const rollSignal = () => {
    if (before.t.length > 0) roll(signal, sortedUnique(before, seqs));
    before = { t: [], v: [], q: [] };
    seqs = [];
  };
  for (const row of db.prepare(`SELECT epoch, signal, t0, seq, t1, n, data FROM chunks WHERE epoch IN (${list}) AND t0 < ? ORDER BY signal`).iterate(cutoff)) {
    const chunk = row as unknown as ChunkRow & { epoch: number };
    if (Number(chunk.signal) !== signal) {
      rollSignal();
      signal = Number(chunk.signal);
    }
    const whole: SeriesColumns = { t: [], v: [], q: [] };
    try {
      decodeChunk(Number(chunk.t0), Number(chunk.n), chunk.data, Number.MIN_SAFE_INTEGER, Number.POSITIVE_INFINITY, whole);
    } catch (error) {
      if (!(error instanceof DamagedChunkError)) throw error;
      damaged.push(chunk);
      continue;
    }
    const kept: SeriesColumns = { t: [], v: [], q: [] };
    whole.t.forEach((t, k) => {
      const into = t < cutoff ? before : kept;
      into.t.push(t);
      into.v.push(whole.v[k] as number | string);
      into.q.push(whole.q[k] as number);
      if (into === before) seqs.push(Number(chunk.seq));
    });
    if (Number(chunk.t1) >= cutoff) cuts.push({ epoch: Number(chunk.epoch), signal, t0: Number(chunk.t0), seq: Number(chunk.seq), kept });
  }
  rollSignal();
  const dropChunk = db.prepare('DELETE FROM chunks WHERE epoch = ? AND signal = ? AND t0 = ? AND seq = ?');
  for (const chunk of damaged) dropChunk.run(chunk.epoch, chunk.signal, chunk.t0, chunk.seq);
  for (const cut of cuts) {
    dropChunk.run(cut.epoch, cut.signal, cut.t0, cut.seq);
    const { kept } = cut;
    chunks.rewrite(cut.epoch, cut.signal, cut.seq, toColumns(kept.t.map((t, k) => ({ signalId: cut.signal, t, value: kept.v[k] as number | string, quality: kept.q[k] as number }))));
  }
  for (const { epoch, whole } of epochs) {
    if (whole) {
      db.prepare('DELETE FROM chunks WHERE epoch = ?').run(epoch);
      db.prepare('DELETE FROM epochs WHERE epoch = ?').run(epoch);
    } else {
      db.prepare('DELETE FROM chunks WHERE epoch = ? AND t1 < ?').run(epoch, cutoff);
      db.prepare('UPDATE epochs SET tmin = ? WHERE epoch = ?').run(cutoff, epoch);
    }
  }
  return damaged.length;
}

/** The time of the oldest chunked raw sample, if any (what the disk bound rolls up first). */
export function oldestRawTime(db: DatabaseSync): number | undefined {
  const oldest = db.prepare('SELECT MIN(tmin) AS t FROM epochs').get()?.t;
  return oldest === null || oldest === undefined ? undefined : Number(oldest);
}
