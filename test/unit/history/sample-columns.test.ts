/** History batches as columns: values of every kind survive, and the insert order groups a signal's rows in time order. */
import { describe, expect, it } from 'vitest';
import { bySignal, SampleColumns, toColumns, valueAt } from '../../../main/engine/history/sample-columns';

describe('sample columns', () => {
  it('keeps numbers in the typed arrays and text, 64-bit integers as text and non-finite numbers aside', () => {
    const columns = toColumns([
      { signalId: 1, t: 10, value: 2.5, quality: 0 },
      { signalId: 2, t: 10, value: 'Locked', quality: 0 },
      { signalId: 3, t: 11, value: Number.NEGATIVE_INFINITY, quality: 1 },
    ]);
    expect(columns.length).toBe(3);
    expect([0, 1, 2].map((row) => valueAt(columns, row))).toEqual([2.5, 'Locked', '-Infinity']);
    expect([...columns.qualities.subarray(0, 3)]).toEqual([0, 0, 1]);
  });

  it('grows past its first capacity without losing rows', () => {
    const columns = new SampleColumns(2);
    for (let i = 0; i < 100; i++) columns.push(i % 7, i, i, 0);
    expect(columns.length).toBe(100);
    expect(valueAt(columns, 99)).toBe(99);
    expect(columns.ids[99]).toBe(99 % 7);
  });

  it('orders rows by signal and keeps time order within each (so a repeated time still ends with the newest)', () => {
    const ids = Int32Array.from([3, 1, 3, 0, 1, 3]);
    expect([...bySignal(ids, ids.length)]).toEqual([3, 1, 4, 0, 2, 5]);
    expect([...bySignal(ids, 4)]).toEqual([3, 1, 0, 2]); // only the valid rows
  });
});
