/**
 * A tag's `history` setting: every change (default), none, or at most one sample per interval, the latest of each
 * interval, with quality changes kept at once. Through the real recorder into a real (in-memory) SQLite store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { Tag } from '../../../shared/site/schema';
import { HistoryRecorder } from '../../../main/engine/history/history-recorder';
import { SqliteHistory } from '../../../main/engine/history/sqlite-history';
import { createMemoryLogger } from '../../../main/engine/log';

let clock = 0;
let recorder: HistoryRecorder | undefined;
let store: SqliteHistory;
/** The latest value per signal, as the engine's signal store would answer. */
const latest = new Map<number, { sourceTime: number; value: number; quality: number }>();

function open(): HistoryRecorder {
  clock = 1_000_000;
  latest.clear();
  store = new SqliteHistory(':memory:');
  recorder = new HistoryRecorder(store, createMemoryLogger(), { flushMs: 3_600_000, compactMs: 3_600_000, now: () => clock, latest: (id) => latest.get(id) });
  return recorder;
}
afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
});

/** A change of `id` at the current clock, as the engine's change listener reports it. */
function change(r: HistoryRecorder, id: number, value: number, quality: number = Quality.good): void {
  latest.set(id, { sourceTime: clock, value, quality });
  r.record(id, clock, value, quality);
}
const stored = async (id: number) => (await store.raw([id], 0, 2_000_000, 10_000)).rows.map((row) => [row.t - 1_000_000, row.value, row.quality]);

describe('history pacing', () => {
  it('keeps every change by default, and nothing of a tag with history off', async () => {
    const r = open();
    r.define(1, true);
    r.define(2, false);
    for (let k = 0; k < 5; k++, clock += 100) {
      change(r, 1, k);
      change(r, 2, k);
      change(r, 3, k); // never defined: every change
    }
    await r.flush(true);
    expect((await stored(1)).map(([, v]) => v)).toEqual([0, 1, 2, 3, 4]);
    expect(await stored(2)).toEqual([]);
    expect((await stored(3)).map(([, v]) => v)).toEqual([0, 1, 2, 3, 4]);
  });

  it('at most one sample per interval, the latest of each, each at its own source time', async () => {
    const r = open();
    r.define(1, { minIntervalMs: 1000 });
    for (let k = 0; k < 30; k++, clock += 100) {
      if (k > 0 && k % 10 === 0) await r.flush(); // the recorder's one-second flush
      change(r, 1, k);
    }
    await r.flush();
    expect(await stored(1)).toEqual([
      [0, 0, Quality.good],
      [900, 9, Quality.good],
      [1900, 19, Quality.good],
      [2900, 29, Quality.good],
    ]);
  });

  it('a held-back change waits for its interval, however many flushes pass', async () => {
    const r = open();
    r.define(1, { minIntervalMs: 5000 });
    change(r, 1, 1);
    clock += 100;
    change(r, 1, 2);
    for (let s = 0; s < 4; s++) {
      clock += 1000;
      await r.flush();
    }
    expect((await stored(1)).map(([, v]) => v)).toEqual([1]);
    clock += 1000;
    await r.flush();
    expect(await stored(1)).toEqual([
      [0, 1, Quality.good],
      [100, 2, Quality.good],
    ]);
  });

  it('stores a quality change at once, inside the interval, so an outage shows in the trend', async () => {
    const r = open();
    r.define(1, { minIntervalMs: 60_000 });
    change(r, 1, 10);
    clock += 200;
    change(r, 1, 10, Quality.bad);
    clock += 200;
    change(r, 1, 11);
    clock += 200;
    change(r, 1, 12); // same quality as the last stored: held back
    await r.flush();
    expect(await stored(1)).toEqual([
      [0, 10, Quality.good],
      [200, 10, Quality.bad],
      [400, 11, Quality.good],
    ]);
    await r.flush(true); // as close() does
    expect((await stored(1)).at(-1)).toEqual([600, 12, Quality.good]); // closing stores what was held back
  });
});

describe('the tag schema', () => {
  const tag = (history?: unknown) => Tag.safeParse({ address: 'holding:1', type: 'uint16', ...(history === undefined ? {} : { history }) });
  it('defaults to every change and takes false or a minimum interval', () => {
    expect(tag().data?.history).toBe(true);
    expect(tag(false).data?.history).toBe(false);
    expect(tag({ minIntervalMs: 1000 }).data?.history).toEqual({ minIntervalMs: 1000 });
  });
  it('refuses an interval that is not a positive whole number of ms, and unknown forms', () => {
    for (const bad of [{ minIntervalMs: 0 }, { minIntervalMs: 1.5 }, { minIntervalMs: 1000, deadband: 1 }, 'daily']) expect(tag(bad).success).toBe(false);
  });
});
