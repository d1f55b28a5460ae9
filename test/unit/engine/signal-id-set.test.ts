/** The per-change membership test of alarmed signals and owner registers. */
import { describe, expect, it } from 'vitest';
import { SignalIdSet } from '../../../main/engine/telemetry/signal-id-set';

describe('SignalIdSet', () => {
  it('has exactly its ids: not their neighbours, not ids past the highest, not an empty set', () => {
    const set = new SignalIdSet([3, 0, 250_000]);
    expect([0, 3, 250_000].map((id) => set.has(id))).toEqual([true, true, true]);
    expect([1, 2, 4, 249_999, 250_001, 10_000_000].map((id) => set.has(id))).toEqual([false, false, false, false, false, false]);
    expect(new SignalIdSet([]).has(0)).toBe(false);
  });

  it('takes ids from any iterable, a Map\'s keys as the engine passes them, and a large one', () => {
    expect(new SignalIdSet(new Map([[7, 'crane']]).keys()).has(7)).toBe(true);
    const many = new SignalIdSet(Array.from({ length: 300_000 }, (_, i) => i * 2));
    expect([many.has(599_998), many.has(599_999)]).toEqual([true, false]);
  });

  it('ignores what cannot be a signal id', () => {
    const set = new SignalIdSet([-1, 1.5, Number.NaN, 2]);
    expect([set.has(-1), set.has(1.5), set.has(1), set.has(2)]).toEqual([false, false, false, true]);
  });
});
