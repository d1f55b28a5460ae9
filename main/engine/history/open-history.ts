/** Opens the engine's history under `<dataDir>/history`; without a data directory (or a writable one) it lives in memory. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../drivers/driver';
import { HistoryRecorder, type RecorderOptions } from './history-recorder';
import type { HistoryLimits } from './history-store';
import { SqliteHistory } from './sqlite-history';

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
  let store: SqliteHistory;
  try {
    if (!dataDir) throw new Error('no data directory');
    mkdirSync(join(dataDir, 'history'), { recursive: true });
    store = new SqliteHistory(historyFileOf(dataDir), options.limits);
  } catch (error) {
    log.error('history.open-failed', `history kept in memory only: ${error instanceof Error ? error.message : String(error)}`);
    store = new SqliteHistory(':memory:', options.limits);
  }
  return new HistoryRecorder(store, log, options);
}
