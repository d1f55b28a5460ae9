/**
 * Small facts about a history file kept in it, so opening a large file never scans a large table: counters, the time
 * up to which raw data has been compacted into rollups, and the signals that have rollups.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';

export const META_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollup_signals (signal INTEGER PRIMARY KEY);
`;

/** The history file format this version reads and writes: 2 since compact chunks (chunk-compact.ts), 1 before. */
export const HISTORY_FORMAT = 2;

/**
 * Refuses a file a newer version wrote (this one could misread its data, or drop what it cannot read), with what to
 * do; marks an older one as this format (this version's writes are of it from now on).
 */
export function claimFormat(meta: HistoryMeta, path: string): void {
  const format = meta.get('format') ?? 1;
  if (format > HISTORY_FORMAT) {
    throw new Error(`${path} was written by a newer version of the console (history format ${format}; this version reads up to ${HISTORY_FORMAT}): run that version, or move the file aside to start a new history`);
  }
  if (format < HISTORY_FORMAT) meta.set('format', HISTORY_FORMAT);
}

/** Reads and writes `meta` values. */
export class HistoryMeta {
  private readonly read: StatementSync;
  private readonly write: StatementSync;

  constructor(db: DatabaseSync) {
    this.read = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.write = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  get(key: string): number | undefined {
    const value = this.read.get(key)?.value;
    return value === undefined || value === null ? undefined : Number(value);
  }

  /** `get`, or `initial()` stored first (a one-time computation for files written before the key existed). */
  getOrInit(key: string, initial: () => number): number {
    const value = this.get(key);
    if (value !== undefined) return value;
    const computed = initial();
    this.set(key, computed);
    return computed;
  }

  set(key: string, value: number): void {
    this.write.run(key, value);
  }
}
