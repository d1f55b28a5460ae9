/**
 * The embedded history store: SQLite through node:sqlite (built into Node 24, no native build).
 * WAL mode, so trend queries read while the recorder writes. `synchronous = NORMAL`: in WAL mode a commit is not
 * fsync'd, only checkpoints are; a killed process loses nothing committed, and a power cut can lose the last few
 * commits but never corrupts the file. FULL would fsync every one-second batch for data that is a record, not a
 * command — the audit log is where every action is fsync'd.
 */
import { statSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { AlarmTransition } from '../../../shared/contract/requests/alarms';
import type { TrendSeries } from '../../../shared/contract/requests/history';
import { bySignal, isColumns, toColumns, valueAt, type SampleColumnsData } from './sample-columns';
import { trendEdges, USABLE } from './trend-gaps';
import { DEFAULT_HISTORY_LIMITS, type AlarmHistoryQuery, type HistoryLimits, type HistorySample, type HistoryStore } from './history-store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS samples (signal INTEGER NOT NULL, t INTEGER NOT NULL, value, quality INTEGER NOT NULL, PRIMARY KEY (signal, t)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollups (signal INTEGER NOT NULL, t INTEGER NOT NULL, min REAL, max REAL, sum REAL, n INTEGER, PRIMARY KEY (signal, t)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alarm_events (id INTEGER PRIMARY KEY, t INTEGER NOT NULL, equipment TEXT NOT NULL, priority TEXT NOT NULL, state TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alarm_events_t ON alarm_events (t);
`;
const NUMERIC = `typeof(value) IN ('integer', 'real')`;
/** Samples per INSERT statement on the bulk path. */
const INSERT_GROUP = 32;
/** Signals per compaction transaction. */
const COMPACT_GROUP = 50;

/** History in one SQLite file. */
export class SqliteHistory implements HistoryStore {
  private readonly db: DatabaseSync;
  private readonly insertSample: StatementSync;
  private readonly insertGroup: StatementSync;
  private readonly groupArgs: (number | string)[] = new Array<number | string>(INSERT_GROUP * 4).fill(0);
  private readonly insertAlarm: StatementSync;
  private readonly limits: HistoryLimits;
  /** Signals with raw rows (compaction walks them by primary key, never scanning the table). */
  private readonly known = new Set<number>();

  constructor(
    private readonly path: string,
    limits: Partial<HistoryLimits> = {},
  ) {
    this.limits = { ...DEFAULT_HISTORY_LIMITS, ...limits };
    this.db = new DatabaseSync(path);
    // auto_vacuum must precede the first table; incremental, so deletions can give space back in small steps.
    this.db.exec('PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 2000; PRAGMA cache_size = -65536;');
    this.db.exec(SCHEMA);
    this.insertSample = this.db.prepare('INSERT OR REPLACE INTO samples (signal, t, value, quality) VALUES (?, ?, ?, ?)');
    this.insertGroup = this.db.prepare(`INSERT OR REPLACE INTO samples (signal, t, value, quality) VALUES ${Array(INSERT_GROUP).fill('(?, ?, ?, ?)').join(', ')}`);
    this.insertAlarm = this.db.prepare('INSERT INTO alarm_events (t, equipment, priority, state, body) VALUES (?, ?, ?, ?, ?)');
    for (const row of this.db.prepare('SELECT DISTINCT signal FROM samples').all()) this.known.add(Number(row.signal));
  }

  async append(samples: SampleColumnsData | readonly HistorySample[], alarms: readonly AlarmTransition[]): Promise<void> {
    this.appendSync(samples, alarms);
  }

  /** The batch in one transaction: all of it or none of it survives a crash. */
  appendSync(batch: SampleColumnsData | readonly HistorySample[], alarms: readonly AlarmTransition[]): void {
    if (batch.length === 0 && alarms.length === 0) return;
    const samples = isColumns(batch) ? batch : toColumns(batch);
    this.db.exec('BEGIN');
    try {
      this.insertRows(samples);
      for (const a of alarms) this.insertAlarm.run(a.at, a.equipmentId, a.priority, a.state, JSON.stringify(a));
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * Rows in statements of INSERT_GROUP (a quarter less CPU per row than one by one), in signal order: a batch arrives
   * in time order across all signals, and inserting each signal's rows together keeps the B-tree pages they land on
   * hot (another fifth less).
   */
  private insertRows(samples: SampleColumnsData): void {
    const { ids, times, qualities, length } = samples;
    const order = bySignal(ids, length);
    const args = this.groupArgs;
    let row = 0;
    for (; row + INSERT_GROUP <= length; row += INSERT_GROUP) {
      for (let k = 0, a = 0; k < INSERT_GROUP; k++) {
        const i = order[row + k] as number;
        args[a++] = ids[i] as number;
        args[a++] = Math.round(times[i] as number);
        args[a++] = valueAt(samples, i);
        args[a++] = qualities[i] as number;
      }
      this.insertGroup.run(...args);
    }
    for (; row < length; row++) {
      const i = order[row] as number;
      this.insertSample.run(ids[i] as number, Math.round(times[i] as number), valueAt(samples, i), qualities[i] as number);
    }
    let lastId = -1;
    for (let row = 0; row < length; row++) {
      const id = ids[order[row] as number] as number;
      if (id !== lastId) this.known.add((lastId = id));
    }
  }

  async trend(signalId: number, from: number, to: number, widthPx: number): Promise<TrendSeries> {
    const bucket = Math.max(1, Math.ceil((to - from) / widthPx));
    const rawFrom = Math.max(from, this.oldestRaw(signalId) ?? to);
    const buckets = new Map<number, { min: number; max: number }>();
    const add = (b: number, min: number, max: number) => {
      const seen = buckets.get(b);
      buckets.set(b, seen ? { min: Math.min(seen.min, min), max: Math.max(seen.max, max) } : { min, max });
    };
    let rolled = false;
    if (from < rawFrom) {
      const rows = this.db.prepare('SELECT CAST((t - ?) / ? AS INTEGER) AS b, MIN(min) AS lo, MAX(max) AS hi FROM rollups WHERE signal = ? AND t >= ? AND t < ? GROUP BY b').all(from, bucket, signalId, from, rawFrom);
      for (const r of rows) add(Number(r.b), Number(r.lo), Number(r.hi));
      rolled = rows.length > 0;
    }
    const rows = this.db.prepare(`SELECT CAST((t - ?) / ? AS INTEGER) AS b, MIN(value) AS lo, MAX(value) AS hi FROM samples WHERE signal = ? AND t >= ? AND t < ? AND ${NUMERIC} AND ${USABLE} GROUP BY b`).all(from, bucket, signalId, rawFrom, to);
    for (const r of rows) add(Number(r.b), Number(r.lo), Number(r.hi));
    // Where gaps can begin: the buckets holding stale or bad samples (a cheap pass on quality alone).
    const badBuckets = this.db
      .prepare(`SELECT DISTINCT CAST((t - ?) / ? AS INTEGER) AS b FROM samples WHERE signal = ? AND t >= ? AND t < ? AND NOT ${USABLE} ORDER BY b`)
      .all(from, bucket, signalId, rawFrom, to)
      .map((r) => from + Number(r.b) * bucket);
    const ordered = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
    const { gaps, carry } = trendEdges(this.db, signalId, rawFrom < to ? rawFrom : from, to, { bucketMs: bucket, maxGaps: widthPx, badBuckets });
    return { signalId, t: ordered.map(([b]) => from + b * bucket), min: ordered.map(([, v]) => v.min), max: ordered.map(([, v]) => v.max), source: rolled ? 'rollup' : 'raw', gaps, ...(carry ? { carry } : {}) };
  }

  async raw(signalIds: readonly number[], from: number, to: number, maxRows: number): Promise<{ rows: HistorySample[]; truncated: boolean }> {
    const marks = signalIds.map(() => '?').join(',');
    const found = this.db.prepare(`SELECT signal, t, value, quality FROM samples WHERE signal IN (${marks}) AND t >= ? AND t < ? ORDER BY t, signal LIMIT ?`).all(...signalIds, from, to, maxRows + 1);
    const rows = found.slice(0, maxRows).map((r) => ({ signalId: Number(r.signal), t: Number(r.t), value: r.value as number | string, quality: Number(r.quality) }));
    return { rows, truncated: found.length > maxRows };
  }

  async alarms(q: AlarmHistoryQuery): Promise<AlarmTransition[]> {
    const where = ['t >= ?', 't <= ?'];
    const args: (string | number)[] = [q.from, q.to];
    for (const [column, value] of [['equipment', q.equipmentId], ['priority', q.priority], ['state', q.state]] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      args.push(value);
    }
    const rows = this.db.prepare(`SELECT body FROM alarm_events WHERE ${where.join(' AND ')} ORDER BY t DESC, id DESC LIMIT ?`).all(...args, q.limit);
    return rows.map((r) => JSON.parse(String(r.body)) as AlarmTransition);
  }

  /** Compacts in small transactions, yielding between them so appends and queries are not held for long. */
  async compact(now: number): Promise<void> {
    for (const step of this.compactionSteps(now)) {
      step();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The same, in one go (benchmarks and tests with a simulated clock). */
  compactSync(now: number): void {
    for (const step of this.compactionSteps(now)) step();
  }

  /**
   * Rolls raw data past its window into per-interval min/max/sum/count and drops it, drops rollups and alarm
   * history past theirs, then keeps the file under its bound: one transaction per group of signals, walked by
   * primary key (never a table scan).
   */
  private *compactionSteps(now: number): Generator<() => void> {
    const iv = this.limits.rollupIntervalMs;
    const cutoff = Math.floor((now - this.limits.rawRetentionMs) / iv) * iv;
    const old = now - this.limits.rollupRetentionMs;
    const signals = [...this.known];
    const roll = this.db.prepare(
      `INSERT INTO rollups (signal, t, min, max, sum, n) SELECT signal, CAST(t / ? AS INTEGER) * ?, MIN(value), MAX(value), SUM(value), COUNT(*) FROM samples WHERE signal = ? AND t < ? AND ${NUMERIC} AND ${USABLE} GROUP BY CAST(t / ? AS INTEGER)
       ON CONFLICT (signal, t) DO UPDATE SET min = MIN(rollups.min, excluded.min), max = MAX(rollups.max, excluded.max), sum = rollups.sum + excluded.sum, n = rollups.n + excluded.n`,
    );
    const drop = this.db.prepare('DELETE FROM samples WHERE signal = ? AND t < ?');
    const dropRollups = this.db.prepare('DELETE FROM rollups WHERE signal = ? AND t < ?');
    for (let i = 0; i < signals.length; i += COMPACT_GROUP) {
      const group = signals.slice(i, i + COMPACT_GROUP);
      yield () =>
        this.transaction(() => {
          for (const signal of group) {
            roll.run(iv, iv, signal, cutoff, iv);
            drop.run(signal, cutoff);
            dropRollups.run(signal, old);
          }
        });
    }
    yield () => this.transaction(() => this.db.prepare('DELETE FROM alarm_events WHERE t < ?').run(old));
    yield () => this.enforceBound(signals);
  }

  private transaction(work: () => void): void {
    this.db.exec('BEGIN');
    try {
      work();
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async sizeBytes(): Promise<number> {
    return this.sizeSync();
  }

  /** Database plus write-ahead log, in bytes. */
  sizeSync(): number {
    const size = (p: string) => {
      try {
        return statSync(p).size;
      } catch {
        return 0;
      }
    };
    return size(this.path) + size(`${this.path}-wal`);
  }

  /** `ok`, or SQLite's list of problems. */
  integrityCheck(): string {
    return this.db.prepare('PRAGMA integrity_check').all().map((r) => String(r.integrity_check)).join('; ');
  }

  /** Bytes of live pages (what the disk bound counts; free pages are reused). */
  usedBytes(): number {
    const pages = Number(this.db.prepare('PRAGMA page_count').get()?.page_count) - Number(this.db.prepare('PRAGMA freelist_count').get()?.freelist_count);
    return pages * Number(this.db.prepare('PRAGMA page_size').get()?.page_size);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private oldestRaw(signalId: number): number | undefined {
    const row = this.db.prepare('SELECT MIN(t) AS t FROM samples WHERE signal = ?').get(signalId);
    return row?.t === null || row?.t === undefined ? undefined : Number(row.t);
  }

  /** Over the bound: the oldest hour of raw data goes (then rollups), until the live pages fit. */
  private enforceBound(signals: readonly number[]): void {
    for (let round = 0; round < 48 && this.usedBytes() > this.limits.maxBytes; round++) {
      const oldest = Number(this.db.prepare('SELECT MIN(t) AS t FROM samples').get()?.t ?? NaN);
      if (Number.isFinite(oldest)) {
        const drop = this.db.prepare('DELETE FROM samples WHERE signal = ? AND t < ?');
        for (const signal of signals) drop.run(signal, oldest + 3_600_000);
      } else {
        const oldestRollup = Number(this.db.prepare('SELECT MIN(t) AS t FROM rollups').get()?.t ?? NaN);
        if (!Number.isFinite(oldestRollup)) break;
        this.db.prepare('DELETE FROM rollups WHERE t < ?').run(oldestRollup + 86_400_000);
      }
    }
    this.db.exec('PRAGMA incremental_vacuum');
  }
}
