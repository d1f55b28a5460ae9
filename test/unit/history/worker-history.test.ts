/** The history store on its own thread: the same answers as in-thread, and a clear error (nothing thrown at the engine) when the thread is gone. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryRecorder } from '../../../main/engine/history/history-recorder';
import { WorkerHistory } from '../../../main/engine/history/worker-history';
import { createMemoryLogger } from '../../../main/engine/log';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rec-history-worker-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('history thread', () => {
  it('writes batches through the recorder and answers trends and integrity from the thread', async () => {
    const store = new WorkerHistory(join(dir, 'h.db'));
    const recorder = new HistoryRecorder(store, createMemoryLogger(), { flushMs: 3_600_000 });
    for (let t = 0; t < 600; t++) recorder.offer(7, { value: t % 50, quality: 0, sourceTime: 1_000_000 + t * 1000 });
    await recorder.flush();
    expect(recorder.written).toBe(600);
    const series = await store.trend(7, 1_000_000, 1_600_000, 60);
    expect(series.t.length).toBeLessThanOrEqual(60);
    expect(Math.min(...series.min)).toBe(0);
    expect(Math.max(...series.max)).toBe(49);
    expect(await store.integrity()).toBe('ok');
    expect(await store.sizeBytes()).toBeGreaterThan(0);
    await recorder.close();
  });

  it('fails calls with a clear error once the thread is gone, and the recorder counts what it could not write', async () => {
    const logger = createMemoryLogger();
    const store = new WorkerHistory(join(dir, 'gone.db'));
    const recorder = new HistoryRecorder(store, logger, { flushMs: 3_600_000 });
    await store.close();
    await expect(store.trend(1, 0, 1, 1)).rejects.toThrow(/history thread ended/);
    recorder.offer(1, { value: 1, quality: 0, sourceTime: 1 });
    await recorder.flush();
    expect(recorder.dropped).toBe(1);
    await recorder.close();
  });
});
