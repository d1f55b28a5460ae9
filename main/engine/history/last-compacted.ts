/**
 * Each signal's last raw sample that compaction rolled up and dropped. A signal that has not changed for longer than
 * raw retention has no raw sample left before a recent range; without this row its trend would have no value to
 * carry in, and a setpoint that stays put for days would draw as an empty chart. One row per signal, so bounded by the
 * site's size; it outlives rollup retention on purpose (the value is still the one in effect).
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SeriesColumns } from './chunk-codec';
import type { StoredSample } from './chunk-table';

export const LAST_COMPACTED_SCHEMA = `
CREATE TABLE IF NOT EXISTS last_compacted (signal INTEGER PRIMARY KEY, t INTEGER NOT NULL, value, quality INTEGER NOT NULL);
`;

/** The last compacted sample per signal. */
export class LastCompacted {
  private readonly upsert: StatementSync;
  private readonly select: StatementSync;

  constructor(db: DatabaseSync) {
    // A later compaction only moves a signal's row forward (a late write to an older millisecond never moves it back).
    this.upsert = db.prepare('INSERT INTO last_compacted (signal, t, value, quality) VALUES (?, ?, ?, ?) ON CONFLICT (signal) DO UPDATE SET t = excluded.t, value = excluded.value, quality = excluded.quality WHERE excluded.t >= last_compacted.t');
    this.select = db.prepare('SELECT t, value, quality FROM last_compacted WHERE signal = ? AND t < ?');
  }

  /** Notes the last of `samples` (one signal's, in time order) as compacted (inside the compaction's transaction). */
  record(signal: number, samples: SeriesColumns): void {
    const k = samples.t.length - 1;
    if (k < 0) return;
    this.upsert.run(signal, samples.t[k] as number, samples.v[k] as number | string, samples.q[k] as number);
  }

  /** The signal's last compacted sample, if it lies before `t`. */
  before(signal: number, t: number): StoredSample | undefined {
    const row = this.select.get(signal, t);
    if (!row) return undefined;
    return { t: Number(row.t), value: typeof row.value === 'string' ? row.value : Number(row.value), quality: Number(row.quality) };
  }
}
