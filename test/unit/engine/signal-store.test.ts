import { describe, expect, it } from 'vitest';
import { SignalStore } from '../../../main/engine/telemetry/signal-store';
import { NO_GROUP, Quality } from '../../../shared/contract/telemetry';
import type { Sample } from '../../../main/engine/drivers/driver';

function storeAt(start: number) {
  const clock = { now: start };
  const store = new SignalStore(() => clock.now);
  const changes: number[] = [];
  store.onChange((id) => changes.push(id));
  return { clock, store, changes };
}
const good = (signalId: number, value: Sample['value'], sourceTime = 1): Sample => ({ signalId, value, quality: Quality.good, sourceTime });

describe('signal store', () => {
  it('keeps numbers, booleans, strings and 64-bit integers exactly', () => {
    const { store } = storeAt(10);
    store.apply([good(0, 2.5), good(1, true), good(2, 'HOLE-7'), good(3, -(2n ** 63n))]);
    expect(store.get(0)).toMatchObject({ value: 2.5, quality: Quality.good, sourceTime: 1, confirmTime: 10 });
    expect(store.get(1)?.value).toBe(1);
    expect(store.get(2)?.value).toBe('HOLE-7');
    expect(store.get(3)?.value).toBe(-(2n ** 63n));
    store.apply([good(2, 4)]); // a string slot turning numeric forgets its text
    expect(store.get(2)?.value).toBe(4);
    expect([...store.entries()].map(([id]) => id)).toEqual([0, 1, 2, 3]);
    expect(store.get(4)).toBeUndefined();
    expect(store.get(-1)).toBeUndefined();
  });

  it('publishes a repeated value not as a change but as a confirmation, keeping its source time', () => {
    const { clock, store, changes } = storeAt(100);
    store.define(0, { group: 0 });
    store.apply([good(0, 7, 90)]);
    clock.now = 200;
    store.apply([good(0, 7, 190)]);
    expect(changes).toEqual([0]);
    expect(store.journal.head).toBe(1);
    expect(store.get(0)).toMatchObject({ value: 7, sourceTime: 90, confirmTime: 200, group: 0 });
    expect(store.groupConfirm[0]).toBe(200);
  });

  it('suppresses moves inside the deadband, measured from the last published value', () => {
    const { store, changes } = storeAt(1);
    store.define(0, { deadband: 0.5 });
    store.apply([good(0, 10)]);
    store.apply([good(0, 10.3), good(0, 10.5), good(0, 9.6)]);
    expect(changes).toEqual([0]);
    expect(store.get(0)?.value).toBe(9.6); // the engine's own readers see the exact latest value
    store.apply([good(0, 10.6)]); // 0.6 from the published 10
    expect(changes).toEqual([0, 0]);
    store.apply([{ ...good(0, 10.7), quality: Quality.uncertain }]); // a quality change always travels
    expect(changes).toEqual([0, 0, 0]);
  });

  it('keeps the last value on a stale marker, without confirming it', () => {
    const { clock, store, changes } = storeAt(50);
    store.apply([{ signalId: 9, value: Number.NaN, quality: Quality.stale, sourceTime: 0 }]); // nothing to keep
    expect(store.get(9)).toBeUndefined();
    store.apply([good(0, 3)]);
    clock.now = 80;
    store.apply([{ signalId: 0, value: Number.NaN, quality: Quality.stale, sourceTime: 0 }]);
    store.apply([{ signalId: 0, value: Number.NaN, quality: Quality.stale, sourceTime: 0 }]);
    expect(store.get(0)).toMatchObject({ value: 3, quality: Quality.stale, confirmTime: 50 });
    expect(changes).toEqual([0, 0]);
  });

  it('applies a refresh only where the value is stale or unknown, never over a newer one', () => {
    const { store, changes } = storeAt(10);
    const stale = { signalId: 0, value: Number.NaN, quality: Quality.stale, sourceTime: 20 };
    store.apply([good(0, 5, 1), good(1, 6, 1), stale]);
    store.apply([good(1, 7, 30)]); // a notification overtook the refresh's read
    changes.length = 0;
    store.apply([{ ...good(0, 5, 1), onlyIfStale: true }, { ...good(1, 6, 1), onlyIfStale: true }, { ...good(2, 8, 1), onlyIfStale: true }]);
    expect(store.get(0)).toMatchObject({ value: 5, quality: Quality.good, confirmTime: 10 }); // stale: replaced, good again
    expect(store.get(1)).toMatchObject({ value: 7, sourceTime: 30 }); // newer: kept
    expect(store.get(2)?.value).toBe(8); // unknown: taken
    expect(changes).toEqual([0, 2]);
  });

  it('treats repeated bad answers as one change and never confirms them', () => {
    const { clock, store, changes } = storeAt(5);
    store.apply([{ signalId: 0, value: Number.NaN, quality: Quality.bad, sourceTime: 1 }]);
    clock.now = 6;
    store.apply([{ signalId: 0, value: Number.NaN, quality: Quality.bad, sourceTime: 2 }]);
    expect(changes).toEqual([0]);
    expect(store.get(0)?.confirmTime).toBe(0);
  });

  it('confirms values without samples (keep-alive) and ignores unknown or negative ids', () => {
    const { clock, store } = storeAt(1);
    store.define(4, { group: 2 });
    store.apply([good(4, 1), good(-3, 1), good(1.5, 1)]);
    clock.now = 99;
    store.confirm([4, 400]);
    expect(store.get(4)?.confirmTime).toBe(99);
    expect(store.groupConfirm[2]).toBe(99);
    expect([...store.entries()].map(([id]) => id)).toEqual([4]);
  });

  it('gives value listeners the stored value of each published change', () => {
    const { store } = storeAt(1);
    const heard: [number, unknown][] = [];
    const off = store.subscribe((id, value) => heard.push([id, value.value]));
    store.apply([good(2, 1), good(2, 1), good(2, 'x')]);
    off();
    store.apply([good(2, 3)]);
    expect(heard).toEqual([
      [2, 1],
      [2, 'x'],
    ]);
  });

  it('grows its slots for ids beyond the reserved size', () => {
    const { store } = storeAt(1);
    store.reserve(10);
    store.apply([good(5_000, 42)]);
    expect(store.get(5_000)?.value).toBe(42);
    expect(store.slots.capacity).toBeGreaterThan(5_000);
  });

  it('moves values confirmed alone out of their group and back, re-sending them to clients with the new group but to no listener', () => {
    const { store, changes } = storeAt(1);
    store.define(0, { group: 3 });
    store.define(1, { group: 3 });
    store.define(2, { group: 3 }); // no value yet
    store.apply([good(0, 10), good(1, 20)]);
    const cursor = store.journal.head;
    const listened = changes.length;
    store.confirmAlone([0, 1, 2], new Set([1, 2]));
    expect([store.slots.group[0], store.slots.group[1], store.slots.group[2]]).toEqual([3, NO_GROUP, NO_GROUP]);
    const ids = new Uint32Array(8);
    const { count } = store.journal.collect(cursor, ids);
    expect([...ids.subarray(0, count)]).toEqual([1]); // the one with a value goes to clients again, with its new group
    expect(changes).toHaveLength(listened); // not a change: history and alarms hear nothing
    store.confirmAlone([0, 1, 2], new Set()); // a reconnect where none is slow: back home
    expect([store.slots.group[0], store.slots.group[1], store.slots.group[2]]).toEqual([3, 3, 3]);
  });
});
