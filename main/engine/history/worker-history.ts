/**
 * The history store on its own thread (history-worker.ts): the engine's event loop only posts batches and awaits
 * answers. Calls made before the thread is up wait in its message queue; if the thread dies, every call fails
 * with a clear error (the recorder logs it and counts what it could not write) and the engine carries on.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AlarmTransition } from '../../../shared/contract/requests/alarms';
import type { ExportCursor, TrendSeries } from '../../../shared/contract/requests/history';
import type { AlarmHistoryQuery, CsvExport, CsvSignal, HistoryLimits, HistorySample, HistoryStore, StorageStatus } from './history-store';
import { isColumns, SampleColumns, toColumns, type SampleColumnsData } from './sample-columns';
import type { WorkerMethod } from './history-worker';

/** The worker script next to this module: the TypeScript source (through tsx, found from here, not the cwd), or the bundled sibling. */
function workerScript(): { file: URL; execArgv: string[] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { file: new URL('./history-worker.cjs', here), execArgv: [] };
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return { file: new URL('./history-worker.ts', here), execArgv: ['--import', tsx] };
}

/** A HistoryStore whose SQLite work runs on a worker thread. */
export class WorkerHistory implements HistoryStore {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 1;
  private dead: Error | undefined;

  constructor(path: string, limits: Partial<HistoryLimits> = {}) {
    const { file, execArgv } = workerScript();
    this.worker = new Worker(file, { workerData: { path, limits }, execArgv });
    this.worker.unref();
    this.worker.on('message', ({ id, value, error }: { id: number; value?: unknown; error?: string }) => {
      const call = this.pending.get(id);
      this.pending.delete(id);
      if (error !== undefined) call?.reject(new Error(error));
      else call?.resolve(value);
    });
    const fail = (error: Error) => {
      this.dead = error;
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', (error) => fail(new Error(`history thread failed: ${error.message}`)));
    this.worker.on('exit', (code) => fail(new Error(`history thread ended (code ${code})`)));
  }

  append(samples: SampleColumnsData | readonly HistorySample[], alarms: readonly AlarmTransition[]): Promise<void> {
    // The columns' buffers move to the thread (no copy): the batch is gone from here afterwards.
    const columns = samples instanceof SampleColumns ? samples : isColumns(samples) ? undefined : toColumns(samples);
    if (!columns) return this.call('append', [samples, alarms]) as Promise<void>;
    const { data, transfer } = columns.transferable();
    return this.call('append', [data, alarms], transfer) as Promise<void>;
  }

  /** The thread's answer as it is (structured clone): gaps, uncertain periods and carry travel with the buckets. */
  trend(signalId: number, from: number, to: number, widthPx: number): Promise<TrendSeries> {
    return this.call('trend', [signalId, from, to, widthPx]) as Promise<TrendSeries>;
  }

  raw(signalIds: readonly number[], from: number, to: number, maxRows: number): Promise<{ rows: HistorySample[]; truncated: boolean }> {
    return this.call('raw', [signalIds, from, to, maxRows]) as Promise<{ rows: HistorySample[]; truncated: boolean }>;
  }

  /** Made on the thread: only the text crosses (one string), never the rows as objects. */
  csv(signalIds: readonly number[], from: number, to: number, maxRows: number, signals: Readonly<Record<number, CsvSignal>>, after?: ExportCursor): Promise<CsvExport> {
    return this.call('csv', [signalIds, from, to, maxRows, signals, after]) as Promise<CsvExport>;
  }

  openRun(signalIds: readonly number[]): Promise<number> {
    return this.call('openRun', [signalIds]) as Promise<number>;
  }

  previousRunEnd(): Promise<number | undefined> {
    return this.call('previousRunEnd', []) as Promise<number | undefined>;
  }

  alarms(query: AlarmHistoryQuery): Promise<AlarmTransition[]> {
    return this.call('alarms', [query]) as Promise<AlarmTransition[]>;
  }

  compact(now: number): Promise<void> {
    return this.call('compact', [now]) as Promise<void>;
  }

  sizeBytes(): Promise<number> {
    return this.call('sizeBytes', []) as Promise<number>;
  }

  storage(): Promise<StorageStatus> {
    return this.call('storage', []) as Promise<StorageStatus>;
  }

  settle(): Promise<void> {
    return this.call('settle', []) as Promise<void>;
  }

  /** SQLite's integrity check: `ok` or its list of problems. */
  integrity(): Promise<string> {
    return this.call('integrity', []) as Promise<string>;
  }

  async close(): Promise<void> {
    if (this.dead) return;
    await this.call('close', []).catch(() => undefined);
    await this.worker.terminate();
  }

  private call(method: WorkerMethod, args: unknown[], transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref(); // an answer is awaited: keep the process alive for it
      try {
        this.worker.postMessage({ id, method, args }, transfer);
      } catch (error) {
        this.pending.delete(id); // never sent (an argument that cannot be cloned): no answer will come to wait for
        throw error;
      }
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }
}
