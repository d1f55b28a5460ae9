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
    expect(await store.storage()).toEqual({ pendingSamples: 600 }); // a repack is a minute away
    await store.settle();
    expect(await store.storage()).toEqual({ pendingSamples: 0 });
    expect(await store.trend(7, 1_000_000, 1_600_000, 60)).toEqual(series);
    await recorder.close();
  });

  it('carries every kind of value through the columns to the thread: numbers, text, 64-bit integers, non-finite numbers', async () => {
    const store = new WorkerHistory(join(dir, 'kinds.db'));
    const recorder = new HistoryRecorder(store, createMemoryLogger(), { flushMs: 3_600_000 });
    const T0 = 2_000_000;
    // More rows than the batch's first capacity (1,024), so it grows while recording, then crosses in one transfer.
    for (let i = 0; i < 3000; i++) recorder.record(1, T0 + i, i * 0.5, 0);
    recorder.record(2, T0, 'Twistlocks locked', 0);
    recorder.record(3, T0, 9007199254740993n, 0);
    recorder.record(4, T0, Number.NaN, 0);
    recorder.record(4, T0 + 1, Number.POSITIVE_INFINITY, 0);
    recorder.record(4, T0 + 2, 21.5, 3); // uncertain
    await recorder.flush();
    expect(recorder.written).toBe(3005);
    const { rows } = await store.raw([1, 2, 3, 4], T0, T0 + 3000, 10_000);
    const ones = rows.filter((r) => r.signalId === 1);
    expect(ones).toHaveLength(3000);
    expect(ones.at(-1)).toEqual({ signalId: 1, t: T0 + 2999, value: 1499.5, quality: 0 });
    expect(rows.filter((r) => r.signalId !== 1).map((r) => [r.signalId, r.value, r.quality])).toEqual([
      [2, 'Twistlocks locked', 0],
      [3, '9007199254740993', 0],
      [4, 'NaN', 0],
      [4, 'Infinity', 0],
      [4, 21.5, 3],
    ]);
    await recorder.close();
  });

  it('a call whose argument cannot be sent to the thread fails at once and leaves nothing awaited (the process can exit)', async () => {
    const store = new WorkerHistory(join(dir, 'unsendable.db'));
    const internals = store as unknown as { call(method: string, args: unknown[]): Promise<unknown>; pending: Map<number, unknown> };
    await expect(internals.call('integrity', [() => 1])).rejects.toThrow(/could not be cloned/);
    expect(internals.pending.size).toBe(0);
    expect(await store.integrity()).toBe('ok'); // and the thread still answers
    await store.close();
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
