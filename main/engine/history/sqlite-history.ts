/**
 * The embedded history store: SQLite through node:sqlite (built into Node 24, no native build).
 * WAL mode, so trend queries read while the recorder writes. `synchronous = NORMAL`: in WAL mode a commit is not
 * fsync'd, only checkpoints are; a killed process loses nothing committed, and a power cut can lose the last few
 * commits but never corrupts the file. FULL would fsync every one-second batch for data that is a record, not a
 * command — the audit log is where every action is made durable.
 */
import { fileBytes, livePageBytes } from './db-size';
import { DatabaseSync } from 'node:sqlite';
import type { AlarmTransition } from '../../../shared/contract/requests/alarms';
import type { ExportCursor, TrendSeries } from '../../../shared/contract/requests/history';
import type { SeriesColumns } from './chunk-codec';
import { mergeSignals } from './raw-merge';
import { ALARM_EVENTS_SCHEMA, AlarmEvents } from './alarm-events';
import { addRollupColumns, ROLLUP_SCHEMA, ROLLUP_UPSERT, oldestRollupTime, rollupArgs, rollupsOf } from './rollups';
import { RollupTrend } from './rollup-trend';
import { compactBefore, oldestRawTime, type Roll } from './chunk-compaction';
import { claimFormat, HistoryMeta, META_SCHEMA } from './history-meta';
import { LAST_COMPACTED_SCHEMA, LastCompacted } from './last-compacted';
import { RAW_SCHEMA, RawHistory, REPACK_MS } from './raw-history';
import { migrateSampleRows } from './legacy-samples';
import { isColumns, toColumns, type SampleColumnsData } from './sample-columns';
import { DEFAULT_HISTORY_LIMITS, type AlarmHistoryQuery, type CsvSignal, type HistoryLimits, type HistorySample, type HistoryStore, type StorageStatus } from './history-store';
import { exportCsv } from './history-csv';
import { inTransaction } from './transaction';
import { RunMarks } from './run-marks';
import { TrendQuery } from './trend-query';

const SCHEMA = [RAW_SCHEMA, META_SCHEMA, LAST_COMPACTED_SCHEMA, ROLLUP_SCHEMA, ALARM_EVENTS_SCHEMA].join('\n');
/**
 * Page size of new files. 16 KiB: a flush blob or a busy signal's chunk spans 4x fewer pages than at SQLite's 4 KiB,
 * each a WAL frame written and later checkpointed, which took a quarter off the history thread's time per stored
 * sample (test/bench/history-throughput.ts) for ~10 % more bytes per sample at 1 Hz; 64 KiB saved a little more time
 * for 28 % more bytes.
 */
export const PAGE_BYTES = 16384;
/** Checkpoint the WAL once it holds this much (SQLite's default of 1,000 pages, at 4 KiB). */
const WAL_CHECKPOINT_BYTES = 4 * 1024 * 1024;
/** A WAL a large transaction grew past this is truncated back to it after the checkpoint. */
const WAL_KEEP_BYTES = 16 * 1024 * 1024;

/** The store's connection settings for a new file (benchmarks' raw node:sqlite baselines take them too: same tuning). */
export function historyPragmas(pageBytes = PAGE_BYTES): string {
  return `PRAGMA page_size = ${Math.trunc(pageBytes)}; PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 2000; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = ${Math.max(1, Math.round(WAL_CHECKPOINT_BYTES / pageBytes))}; PRAGMA journal_size_limit = ${WAL_KEEP_BYTES};`;
}
/** Signals per compaction transaction. */
const COMPACT_GROUP = 50;

/** History in one SQLite file. */
export class SqliteHistory implements HistoryStore {
  private readonly db: DatabaseSync;
  private readonly rawTiers: RawHistory;
  private readonly alarmEvents: AlarmEvents;
  private readonly limits: HistoryLimits;
  private readonly meta: HistoryMeta;
  private readonly lastCompacted: LastCompacted;
  private readonly runs: RunMarks;
  private readonly rollupTrend: RollupTrend;
  private readonly trends: TrendQuery;
  /** Signals with rollups (their old rollups are dropped by primary key, never scanning the table). */
  private readonly rolled = new Set<number>();
  /** Raw data before this time has been rolled up (or dropped); from it on, raw data answers. */
  private compactedUntil: number;
  /** The last repack failure (the flush it followed had committed); retried after REPACK_MS. */
  private repackFailedAt: number | undefined;
  private repackError: string | undefined;
  /** Damaged chunks compaction dropped unread since the store opened (storage() reports them). */
  private damagedDropped = 0;
  /** The repack under way on the thread, if any: between its slices, appends and queries go on. */
  private repackRun: Promise<void> | undefined;

  /** `pageBytes`: the page size of a new file (benchmarks compare sizes; an existing file keeps its own). */
  constructor(
    private readonly path: string,
    limits: Partial<HistoryLimits> = {},
    pageBytes = PAGE_BYTES,
  ) {
    this.limits = { ...DEFAULT_HISTORY_LIMITS, ...limits };
    this.db = new DatabaseSync(path);
    // page_size and auto_vacuum must precede the first table; incremental auto_vacuum gives space back in small steps.
    this.db.exec(historyPragmas(pageBytes));
    this.db.exec(SCHEMA);
    this.meta = new HistoryMeta(this.db);
    try {
      claimFormat(this.meta, path); // before anything alters a table
    } catch (error) {
      this.db.close();
      throw error;
    }
    addRollupColumns(this.db);
    this.rollupTrend = new RollupTrend(this.db, this.limits.rollupIntervalMs);
    this.runs = new RunMarks(this.meta);
    this.rawTiers = new RawHistory(this.db, this.meta);
    this.lastCompacted = new LastCompacted(this.db);
    this.trends = new TrendQuery(this.rawTiers, this.rollupTrend, this.lastCompacted);
    this.alarmEvents = new AlarmEvents(this.db);
    const migrated = migrateSampleRows(this.db, this.rawTiers);
    if (migrated.oldest !== undefined && this.meta.get('compactedUntil') === undefined) this.meta.set('compactedUntil', migrated.oldest);
    this.compactedUntil = this.meta.get('compactedUntil') ?? Number.MIN_SAFE_INTEGER;
    this.meta.getOrInit('rollupSignalsListed', () => {
      this.db.exec('INSERT OR IGNORE INTO rollup_signals (signal) SELECT DISTINCT signal FROM rollups'); // once, for files from before the list
      return 1;
    });
    for (const row of this.db.prepare('SELECT signal FROM rollup_signals').all()) this.rolled.add(Number(row.signal));
  }

  /**
   * The batch in one transaction; resolves once it has committed. A repack that falls due then runs in the background,
   * a slice at a time, so the next flush and the queries (which flush first) never wait for all of it.
   */
  async append(samples: SampleColumnsData | readonly HistorySample[], alarms: readonly AlarmTransition[]): Promise<void> {
    if (this.write(samples, alarms) && !this.repackRun && this.repackDue()) this.repackInBackground();
  }

  /** The same, with a repack that falls due run to its end before returning (benchmarks and tests). */
  appendSync(samples: SampleColumnsData | readonly HistorySample[], alarms: readonly AlarmTransition[]): void {
    if (!this.write(samples, alarms) || this.repackRun || !this.repackDue()) return;
    try {
      this.repack();
    } catch (error) {
      this.repackFailed(error);
    }
  }

  /** The batch in one transaction: all of it or none of it survives a crash. Whether anything was written. */
  private write(batch: SampleColumnsData | readonly HistorySample[], alarms: readonly AlarmTransition[]): boolean {
    if (batch.length === 0 && alarms.length === 0) return false;
    const samples = isColumns(batch) ? batch : toColumns(batch);
    const now = Date.now();
    try {
      this.transaction(() => {
        this.rawTiers.append(samples, now);
        this.alarmEvents.append(alarms);
        this.runs.wrote(samples, now);
      });
    } catch (error) {
      this.rawTiers.recount(); // the counts went up before a commit that did not happen
      throw error;
    }
    return true;
  }

  /** Whether a repack is due, and not held back by a failure less than REPACK_MS ago. */
  private repackDue(): boolean {
    const now = Date.now();
    return this.rawTiers.repackDue(now) && (this.repackFailedAt === undefined || now - this.repackFailedAt >= REPACK_MS);
  }

  /**
   * Runs a repack a slice at a time, yielding to the thread's messages before each. The flush before it has committed
   * whatever happens here: a failed slice leaves its pending rows as they were (its transaction rolls back), reads
   * still see them, and the repack is tried again after REPACK_MS; storage() reports the failure.
   */
  private repackInBackground(): Promise<void> {
    const run = (async () => {
      try {
        for (const step of this.repackSteps()) {
          await new Promise((resolve) => setImmediate(resolve));
          step();
        }
        this.repackSucceeded();
      } catch (error) {
        this.repackFailed(error);
      }
    })();
    const tracked = run.finally(() => {
      if (this.repackRun === tracked) this.repackRun = undefined;
    });
    this.repackRun = tracked;
    return tracked;
  }

  /** Resolves once no repack is under way (benchmarks that charge the background repack to the flush that began it). */
  async repackDone(): Promise<void> {
    while (this.repackRun) await this.repackRun;
  }

  /** Waits for the repack under way, then repacks whatever is still pending, in the background way. */
  private async repackEverything(): Promise<void> {
    while (this.repackRun) await this.repackRun; // checked and started with no turn in between: never two at once
    await this.repackInBackground();
  }

  private repackSucceeded(): void {
    this.repackFailedAt = undefined;
    this.repackError = undefined;
  }

  private repackFailed(error: unknown): void {
    this.repackFailedAt = Date.now();
    this.repackError = error instanceof Error ? error.message : String(error);
  }

  /** Min/max and first/last good value per bucket, with gaps and uncertain periods (trend-query.ts). */
  async trend(signalId: number, from: number, to: number, widthPx: number): Promise<TrendSeries> {
    return this.trends.trend(signalId, from, to, widthPx, this.compactedUntil);
  }

  /**
   * The first `maxRows` samples of the signals in (time, signal) order: a merge of one cursor per signal, each reading
   * a bounded batch at a time, stopping once `maxRows + 1` rows are out. What it decodes is the rows it returns plus
   * at most a batch per signal, not `maxRows` per signal.
   */
  async raw(signalIds: readonly number[], from: number, to: number, maxRows: number): Promise<{ rows: HistorySample[]; truncated: boolean }> {
    const pending = this.rawTiers.snapshot(to, signalIds);
    const rows = mergeSignals([...new Set(signalIds)], from, to, maxRows + 1, (signal, lo, hi, limit) => this.rawTiers.series(signal, lo, hi, limit, pending));
    return { rows: rows.slice(0, maxRows), truncated: rows.length > maxRows };
  }

  csv(signalIds: readonly number[], from: number, to: number, maxRows: number, signals: Readonly<Record<number, CsvSignal>>, after?: ExportCursor) {
    return exportCsv(this, signalIds, from, to, maxRows, signals, after);
  }

  async alarms(q: AlarmHistoryQuery): Promise<AlarmTransition[]> {
    return this.alarmEvents.query(q);
  }

  /** Compacts in small transactions, yielding between them so appends and queries are not held for long. */
  async compact(now: number): Promise<void> {
    await this.repackEverything(); // compaction reads chunks only
    for (const step of this.compactionSteps(now)) {
      step();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The same, in one go (benchmarks and tests with a simulated clock). */
  compactSync(now: number): void {
    this.repack();
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
    const upsert = this.db.prepare(ROLLUP_UPSERT);
    const listRolled = this.db.prepare('INSERT OR IGNORE INTO rollup_signals (signal) VALUES (?)');
    const roll = (signal: number, samples: SeriesColumns) => {
      if (!this.rolled.has(signal)) listRolled.run(signal);
      this.rolled.add(signal);
      for (const r of rollupsOf(samples, iv)) upsert.run(...rollupArgs(signal, r));
      this.lastCompacted.record(signal, samples);
    };
    yield () => this.rollUpBefore(cutoff, roll);
    const dropRollups = this.db.prepare('DELETE FROM rollups WHERE signal = ? AND t < ?');
    const signals = [...this.rolled];
    for (let i = 0; i < signals.length; i += COMPACT_GROUP) {
      const group = signals.slice(i, i + COMPACT_GROUP);
      yield () => this.transaction(() => group.forEach((signal) => dropRollups.run(signal, old)));
    }
    yield () => this.transaction(() => this.alarmEvents.dropBefore(old));
    yield* this.boundSteps(roll);
  }

  /** Rolls up and drops the raw data before `cutoff`; from there on, trends read rollups before it. */
  private rollUpBefore(cutoff: number, roll: Roll): void {
    let damaged = 0;
    this.transaction(() => {
      damaged = compactBefore(this.db, this.rawTiers.chunkTable, cutoff, roll);
      if (cutoff > this.compactedUntil) this.meta.set('compactedUntil', cutoff);
    });
    this.damagedDropped += damaged; // once committed
    this.compactedUntil = Math.max(this.compactedUntil, cutoff);
  }

  /** Cuts the pending flushes into chunks now, in one go, a transaction per slice of signals (tests, benchmarks). */
  repack(): void {
    for (const step of this.repackSteps()) step();
    this.repackSucceeded();
  }

  /** The repack's transactions. */
  private *repackSteps(): Generator<() => void> {
    for (const step of this.rawTiers.repackSteps()) {
      yield () => {
        try {
          this.transaction(step);
        } catch (error) {
          this.rawTiers.recount(); // the counts went down before a commit that did not happen
          throw error;
        }
      };
    }
  }

  async settle(): Promise<void> {
    await this.repackEverything();
    if (this.repackError !== undefined) throw new Error(`the repack failed: ${this.repackError}`);
  }

  async storage(): Promise<StorageStatus> {
    return { pendingSamples: this.rawTiers.pendingSamples, ...(this.repackError ? { repackFailing: this.repackError } : {}), ...(this.damagedDropped > 0 ? { damagedChunksDropped: this.damagedDropped } : {}) };
  }

  private transaction(work: () => void): void {
    inTransaction(this.db, work);
  }

  async sizeBytes(): Promise<number> {
    return this.sizeSync();
  }

  /** Database plus write-ahead log, in bytes. */
  sizeSync(): number {
    return fileBytes(this.path);
  }

  /** `ok`, or SQLite's list of problems. */
  integrityCheck(): string {
    return this.db.prepare('PRAGMA integrity_check').all().map((r) => String(r.integrity_check)).join('; ');
  }

  /** Bytes of live pages (what the disk bound counts; free pages are reused). */
  usedBytes(): number {
    return livePageBytes(this.db);
  }

  /** Opens the engine's run: after one that ended without closing, `signalIds` go stale just after its last write. */
  async openRun(signalIds: readonly number[]): Promise<number> {
    const marks = this.runs.open(signalIds);
    this.write(marks, []);
    return marks.length;
  }

  /** The last run's last write (its clean stop's stale markers, or its last flush before a crash), found by openRun. */
  async previousRunEnd(): Promise<number | undefined> {
    return this.runs.previousEnd;
  }

  async close(): Promise<void> {
    await this.repackDone();
    this.runs.close();
    this.db.close();
  }

  /** Over the bound, a step at a time until it fits: the oldest raw hour rolled up early (never dropped unrolled), then old rollups. */
  private *boundSteps(roll: Roll): Generator<() => void> {
    const iv = this.limits.rollupIntervalMs;
    for (let round = 0; round < 48 && this.usedBytes() > this.limits.maxBytes; round++) {
      const oldestRaw = oldestRawTime(this.db);
      if (oldestRaw !== undefined) {
        yield () => this.rollUpBefore(Math.ceil((oldestRaw + 3_600_000) / iv) * iv, roll);
        continue;
      }
      const signals = [...this.rolled];
      const oldestRollup = oldestRollupTime(this.db, signals);
      if (!Number.isFinite(oldestRollup)) break;
      const drop = this.db.prepare('DELETE FROM rollups WHERE signal = ? AND t < ?');
      yield () => this.transaction(() => signals.forEach((signal) => drop.run(signal, oldestRollup + 86_400_000)));
    }
    yield () => this.db.exec('PRAGMA incremental_vacuum');
  }
}

