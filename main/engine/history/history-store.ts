/**
 * The history store's interface: every signal change (value, quality, time), rollups for older data, and the alarm
 * history. The embedded SQLite store is the default; a server database (PostgreSQL) can implement the same interface
 * for sites that outgrow one workstation, which is why every method is asynchronous.
 */
import type { AlarmTransition } from '../../../shared/contract/requests/alarms';
import type { ExportCursor, TrendSeries } from '../../../shared/contract/requests/history';
import type { SampleColumnsData, SampleRow } from './sample-columns';

/** One stored change of one signal. */
export type HistorySample = SampleRow;

/** A filter over the alarm history. */
export interface AlarmHistoryQuery {
  from: number;
  to: number;
  equipmentId?: string;
  priority?: string;
  state?: string;
  limit: number;
}

/** Retention and disk bounds. */
export interface HistoryLimits {
  /** Raw changes are kept this long, then only rollups (default 24 h: ~2.5 GB for 1,000 signals changing at 1 Hz). */
  rawRetentionMs: number;
  /** Width of a rollup interval (default 1 min). */
  rollupIntervalMs: number;
  /** Rollups and alarm history are kept this long (default 400 days). */
  rollupRetentionMs: number;
  /** Above this the oldest raw data is rolled up early, an hour at a time, then the oldest rollups go (default 4 GiB). */
  maxBytes: number;
}

/** Default limits. */
export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  rawRetentionMs: 86_400_000,
  rollupIntervalMs: 60_000,
  rollupRetentionMs: 400 * 86_400_000,
  maxBytes: 4 * 1024 ** 3,
};

/** How the store's own upkeep goes (the embedded store: flushes waiting for their repack into chunks). */
export interface StorageStatus {
  /** Samples stored but not yet repacked into chunks (readable all the same). */
  pendingSamples: number;
  /** The last repack failure's text, while repacks keep failing. */
  repackFailing?: string;
  /** Damaged chunks (their bytes did not fit their samples) dropped unread by compaction since the store opened. */
  damagedChunksDropped?: number;
}

/** What an export's CSV row says of its signal; `everyMs`: the interval a paced tag keeps its latest change of (none: every change). */
export interface CsvSignal {
  equipmentId: string;
  tag: string;
  unit?: string | undefined;
  everyMs?: number | undefined;
}

/** An export's answer: the text, how many rows it holds, and whether `maxRows` cut it short (then `next`: its last row). */
export interface CsvExport {
  csv: string;
  rows: number;
  truncated: boolean;
  next?: ExportCursor;
}

/** Where history lives. */
export interface HistoryStore {
  /** Writes one batch in one transaction. A `SampleColumns` batch may be transferred away: do not reuse it after. */
  append(samples: SampleColumnsData | readonly HistorySample[], alarms: readonly AlarmTransition[]): Promise<void>;
  /**
   * Min/max and first/last value per bucket of `(to - from) / widthPx` ms: at most four points per bucket (charts ask a
   * bucket per two pixels); with the periods without a good value (`gaps`) and those of uncertain quality
   * (`uncertain`; rolled up: to the minute).
   */
  trend(signalId: number, from: number, to: number, widthPx: number): Promise<TrendSeries>;
  /** Raw changes of a range, oldest first, at most `maxRows`. */
  raw(signalIds: readonly number[], from: number, to: number, maxRows: number): Promise<{ rows: HistorySample[]; truncated: boolean }>;
  /**
   * The same rows as CSV text (history-csv.ts), made where the rows are: on the embedded store's thread, a large export
   * (250,000 rows, ~20 MB) never holds the engine's event loop, whose heartbeats and jog leases cannot wait.
   */
  csv(signalIds: readonly number[], from: number, to: number, maxRows: number, signals: Readonly<Record<number, CsvSignal>>, after?: ExportCursor): Promise<CsvExport>;
  /**
   * Opens the engine's run (history/run-marks.ts): when the last run ended without closing (a crash, a kill, a power
   * cut), `signalIds` are marked stale just after its last write, so the time since shows as a gap. Resolves with how
   * many were marked (0 after a clean stop). Call before the run's first append.
   */
  openRun(signalIds: readonly number[]): Promise<number>;
  /** The last run's last write as openRun found it (undefined: no earlier run, or another engine's is open). */
  previousRunEnd(): Promise<number | undefined>;
  /** Alarm transitions, newest first. */
  alarms(query: AlarmHistoryQuery): Promise<AlarmTransition[]>;
  /** Rolls up and drops raw data past its retention, and enforces the disk bound. */
  compact(now: number): Promise<void>;
  /** Bytes on disk (database and its log). */
  sizeBytes(): Promise<number>;
  /** The store's upkeep. */
  storage(): Promise<StorageStatus>;
  /** Finishes the upkeep of what was written so far (the embedded store: repacks every pending flush into chunks). */
  settle(): Promise<void>;
  close(): Promise<void>;
}
