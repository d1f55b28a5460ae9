/**
 * Opens the engine's history under `<dataDir>/history` on its own thread; without a data directory (or a writable
 * one) it lives in memory. The engine's thread never loads SQLite itself.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../drivers/driver';
import { HistoryRecorder, type RecorderOptions } from './history-recorder';
import type { HistoryLimits } from './history-store';
import { WorkerHistory } from './worker-history';

/** History settings of the engine. */
export interface HistoryOptions extends RecorderOptions {
  limits?: Partial<HistoryLimits>;
}

/** The file the history lives in. */
export function historyFileOf(dataDir: string): string {
  return join(dataDir, 'history', 'history.db');
}

/** A recorder over the embedded store. */
export function openHistory(dataDir: string, log: Logger, options: HistoryOptions = {}): HistoryRecorder {
  let path = ':memory:';
  try {
    if (!dataDir) throw new Error('no data directory');
    mkdirSync(join(dataDir, 'history'), { recursive: true });
    path = historyFileOf(dataDir);
  } catch (error) {
    log.error('history.open-failed', `history kept in memory only: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new HistoryRecorder(new WorkerHistory(path, options.limits), log, options);
}
