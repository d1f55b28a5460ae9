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
let store: SqliteHistory | undefined;

/** A recorder on a manual clock (wall and monotonic alike), over a real in-memory store that outlives its close. */
function open(maxBuffered?: number): HistoryRecorder {
  clock = 1_000_000;
  const opened = (store = new SqliteHistory(':memory:'));
  const kept = new Proxy(opened, { get: (target, key) => (key === 'close' ? async () => {} : Reflect.get(target, key, target)) });
  recorder = new HistoryRecorder(kept, createMemoryLogger(), { flushMs: 3_600_000, compactMs: 3_600_000, now: () => clock, monotonic: () => clock, ...(maxBuffered ? { maxBuffered } : {}) });
  return recorder;
}
afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
  await store?.close();
  store = undefined;
});

/** A change of `id` at the current clock, as the engine's change listener reports it. */
function change(r: HistoryRecorder, id: number, value: number, quality: number = Quality.good): void {
  r.record(id, clock, value, quality);
}
const stored = async (id: number) => (await store!.raw([id], 0, 2_000_000, 10_000)).rows.map((row) => [row.t - 1_000_000, row.value, row.quality]);

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
    await r.close();
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
    await r.close();
    expect((await stored(1)).at(-1)).toEqual([600, 12, Quality.good]); // closing stores what was held back
  });
});

describe('history pacing at the edges', () => {
  it('an outage stores the held value first: the last good value is never lost to the quality change', async () => {
    const r = open();
    r.define(1, { minIntervalMs: 60_000 });
    change(r, 1, 10);
    clock += 500;
    change(r, 1, 20); // held
    clock += 200;
    r.record(1, clock - 700, 20, Quality.stale); // a stale marker keeps the old source time; recorded when flagged
    await r.flush();
    expect(await stored(1)).toEqual([
      [0, 10, Quality.good],
      [500, 20, Quality.good],
      [700, 20, Quality.stale],
    ]);
  });

  it('quality flapping inside the interval holds one sample per signal, never a growing list', async () => {
    const r = open();
    r.define(1, { minIntervalMs: 60_000 });
    for (let k = 0; k < 40; k++, clock += 10) {
      change(r, 1, k, k % 4 < 2 ? Quality.good : Quality.uncertain); // pairs: a quality change, then a held change
      if (k % 10 === 9) await r.flush();
    }
    expect((r as unknown as { pacing: { held: number } }).pacing.held).toBe(1);
    await r.close();
    expect((await stored(1)).map(([, v]) => v)).toEqual(Array.from({ length: 40 }, (_, k) => k)); // each pair: held, then flushed by the change
  });

  it('a held sample that finds the buffer full stays held and is written at a later flush', async () => {
    const r = open(1); // one sample, plus one of room for the one paced signal
    r.define(1, { minIntervalMs: 1000 });
    change(r, 2, 5); // another signal fills the buffer
    change(r, 2, 6); // and may not take the paced signal's room
    expect(r.dropped).toBe(1);
    change(r, 1, 10); // the paced signal's room
    clock += 100;
    change(r, 1, 11); // held
    clock += 1000;
    await r.flush(); // the held one does not fit beside 5 and 10
    clock += 1000;
    await r.flush();
    expect(await stored(1)).toEqual([
      [0, 10, Quality.good],
      [100, 11, Quality.good],
    ]);
    expect(r.dropped).toBe(1); // signal 2's 6 only: the held sample waited, it was not lost
  });

  it('a value held when a quality change finds no room is the one counted lost; the quality change is kept', async () => {
    const r = open(1);
    r.define(1, { minIntervalMs: 60_000 });
    change(r, 2, 5);
    change(r, 1, 10); // buffer and room full
    clock += 100;
    change(r, 1, 11); // held
    clock += 100;
    r.record(1, clock - 100, 11, Quality.stale); // (the held 11's source time) neither the held 11 nor the outage fits: the outage is held in its place
    expect(r.dropped).toBe(1);
    await r.flush();
    await r.flush();
    expect(await stored(1)).toEqual([
      [0, 10, Quality.good],
      [200, 11, Quality.stale],
    ]);
  });

  it('a signal defined again takes the new setting; what it held is still written', async () => {
    const r = open();
    r.define(1, { minIntervalMs: 60_000 });
    change(r, 1, 1);
    clock += 100;
    change(r, 1, 2); // held
    r.define(1, true); // every change from now on
    clock += 100;
    change(r, 1, 3);
    clock += 100;
    change(r, 1, 4);
    await r.flush();
    expect((await stored(1)).map(([, v]) => v)).toEqual([1, 2, 3, 4]);
    expect((r as unknown as { pacing: { pacedSignals: number } }).pacing.pacedSignals).toBe(0); // no buffer room kept for it
    r.define(1, false);
    r.define(1, false); // twice: still one signal's room
    expect((r as unknown as { pacing: { pacedSignals: number } }).pacing.pacedSignals).toBe(1);
    change(r, 1, 5);
    await r.flush();
    expect((await stored(1)).map(([, v]) => v)).toEqual([1, 2, 3, 4]);
  });

  it('an outage that finds the buffer full is kept over the changes after it, and written first', async () => {
    const r = open(1);
    r.define(1, { minIntervalMs: 60_000 });
    change(r, 2, 5);
    change(r, 1, 10); // buffer and room full
    clock += 100;
    r.record(1, clock - 100, 10, Quality.stale); // (10's source time) no room: held
    clock += 100;
    change(r, 1, 11); // back, but the outage is still unwritten: this change is the one lost
    expect(r.dropped).toBe(1); // 11 only: the outage waits, held
    await r.flush();
    clock += 100;
    change(r, 1, 12); // now the outage goes first, then this quality change
    await r.flush();
    expect(await stored(1)).toEqual([
      [0, 10, Quality.good],
      [100, 10, Quality.stale],
      [300, 12, Quality.good],
    ]);
  });

  it('a query up to now writes the held samples of the signals it reads first, and only theirs', async () => {
    const r = open();
    r.define(1, { minIntervalMs: 600_000 });
    r.define(2, { minIntervalMs: 600_000 });
    change(r, 1, 1);
    change(r, 2, 1);
    clock += 100;
    change(r, 1, 50);
    change(r, 2, 50);
    await r.flush({ heldOf: [1] });
    expect((await stored(1)).map(([, v]) => v)).toEqual([1, 50]);
    expect((await stored(2)).map(([, v]) => v)).toEqual([1]);
  });

  it('text and 64-bit values are held and written as they were', async () => {
    const r = open();
    r.define(1, { minIntervalMs: 1000 });
    change(r, 1, 1);
    clock += 100;
    r.record(1, clock, 'Twistlocks locked', Quality.good);
    clock += 100;
    r.record(1, clock, 9007199254740993n, Quality.good);
    await r.close();
    expect((await stored(1)).map(([, v]) => v)).toEqual([1, '9007199254740993']);
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
    expect(tag('daily').error?.issues[0]?.message).toBe('history is true (every change), false (none) or { minIntervalMs: whole ms from 1 to 86400000 }');
  });
});
