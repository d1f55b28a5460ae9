/**
 * The history store's thread: SQLite calls are synchronous, and a commit of one second of 1,000 signals (plus the
 * odd WAL checkpoint) can take tens of milliseconds, so they run here, never on the engine's event loop.
 * Messages: { id, method, args } → { id, value } or { id, error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { HistoryLimits } from './history-store';
import { SqliteHistory } from './sqlite-history';

/** The methods a caller may run on the store. */
export const WORKER_METHODS = ['append', 'trend', 'raw', 'csv', 'openRun', 'previousRunEnd', 'alarms', 'compact', 'sizeBytes', 'storage', 'settle', 'integrity', 'close'] as const;
/** One of them. */
export type WorkerMethod = (typeof WORKER_METHODS)[number];

const port = parentPort;
if (port) {
  const { path, limits } = workerData as { path: string; limits: Partial<HistoryLimits> };
  let store: SqliteHistory | undefined;
  let openError: string | undefined;
  try {
    store = new SqliteHistory(path, limits);
  } catch (error) {
    openError = error instanceof Error ? error.message : String(error);
  }
  port.on('message', async ({ id, method, args }: { id: number; method: WorkerMethod; args: unknown[] }) => {
    try {
      if (!store) throw new Error(`the history store could not be opened: ${openError}`);
      const value = method === 'integrity' ? store.integrityCheck() : await (store[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      port.postMessage({ id, value });
      if (method === 'close') port.close();
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
