/** A pending flush as one blob: samples ordered by signal (write order kept within one), texts kept, ranges found. */
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch, encodeSlices, signalRange } from '../../../main/engine/history/batch-codec';
import { toColumns } from '../../../main/engine/history/sample-columns';

const T0 = Date.UTC(2026, 0, 1);

describe('history batch codec', () => {
  const rows = [
    { signalId: 7, t: T0 + 10.4, value: 1.5, quality: 0 },
    { signalId: 2, t: T0 + 20, value: 'Ready', quality: 0 },
    { signalId: 7, t: T0 + 5, value: Number.POSITIVE_INFINITY, quality: 1 },
    { signalId: 2, t: T0 + 30, value: -3, quality: 3 },
  ];

  it('orders samples by signal, keeps write order within one, rounds times and keeps texts', () => {
    const { data, tmin, tmax } = encodeBatch(toColumns(rows));
    expect([tmin - T0, tmax - T0]).toEqual([5, 30]);
    const b = decodeBatch(data);
    expect(Array.from(b.ids)).toEqual([2, 2, 7, 7]);
    expect(Array.from(b.times, (t) => t - T0)).toEqual([20, 30, 10, 5]);
    expect(Array.from(b.qualities)).toEqual([0, 3, 0, 1]);
    expect([0, 1, 2, 3].map((k) => b.texts.get(k) ?? b.values[k])).toEqual(['Ready', -3, 1.5, 'Infinity']);
  });

  it('finds the index range of a signal range by binary search', () => {
    const b = decodeBatch(encodeBatch(toColumns(rows)).data);
    expect(signalRange(b, 2, 3)).toEqual([0, 2]);
    expect(signalRange(b, 3, 7)).toEqual([2, 2]);
    expect(signalRange(b, 7, 100)).toEqual([2, 4]);
  });

  it('decodes a blob handed back at an unaligned offset, and refuses one cut short', () => {
    const { data } = encodeBatch(toColumns(rows));
    const shifted = new Uint8Array(data.byteLength + 1);
    shifted.set(data, 1);
    expect(Array.from(decodeBatch(shifted.subarray(1)).ids)).toEqual([2, 2, 7, 7]);
    expect(() => decodeBatch(data.subarray(0, data.byteLength - 1))).toThrow(/does not hold/);
  });

  it('cuts a batch into one blob per slice of signals, slices ascending, each with its own count and time range', () => {
    const parts = encodeSlices(toColumns(rows), (id) => (id < 5 ? 0 : 1));
    expect(parts.map((p) => [p.slice, p.n, p.tmin - T0, p.tmax - T0])).toEqual([
      [0, 2, 20, 30],
      [1, 2, 5, 10],
    ]);
    const second = decodeBatch((parts[1] as { data: Uint8Array }).data);
    expect(Array.from(second.ids)).toEqual([7, 7]);
    expect([0, 1].map((k) => second.texts.get(k) ?? second.values[k])).toEqual([1.5, 'Infinity']);
    expect(encodeSlices(toColumns([]), () => 0)).toEqual([]);
  });
});
