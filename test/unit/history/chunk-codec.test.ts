/** History chunks: what goes in comes out, in range: numbers as doubles, anything else through JSON, exactly. */
import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk, type SeriesColumns } from '../../../main/engine/history/chunk-codec';
import { toColumns, type SampleRow } from '../../../main/engine/history/sample-columns';

const T0 = Date.UTC(2026, 0, 1);

function roundTrip(rows: SampleRow[], from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY) {
  const batch = toColumns(rows);
  const order = Uint32Array.from(rows.keys());
  const chunk = encodeChunk(batch, order, 0, rows.length, batch.times);
  const out: SeriesColumns = { t: [], v: [], q: [] };
  // As SQLite hands a blob back: a copy at an offset that need not be aligned.
  const stored = new Uint8Array(chunk.data.byteLength + 3);
  stored.set(chunk.data, 3);
  decodeChunk(chunk.t0, chunk.n, stored.subarray(3), from, to, out);
  return { chunk, out };
}

describe('history chunk codec', () => {
  it('round-trips numbers with their times and qualities, and summarises them', () => {
    const rows = [
      { signalId: 1, t: T0, value: 1.25, quality: 0 },
      { signalId: 1, t: T0 + 100, value: -7, quality: 3 },
      { signalId: 1, t: T0 + 250, value: 99, quality: 2 },
      { signalId: 1, t: T0 + 59_999, value: 1e300, quality: 0 },
    ];
    const { chunk, out } = roundTrip(rows);
    expect(chunk).toMatchObject({ t0: T0, t1: T0 + 59_999, n: 4 });
    expect(chunk.data[0]).toBe(1); // every value a finite number: stored as doubles
    expect(out).toEqual({ t: rows.map((r) => r.t), v: rows.map((r) => r.value), q: rows.map((r) => r.quality) });
  });

  it('keeps texts and non-finite numbers exactly (a JSON chunk)', () => {
    const rows = [
      { signalId: 2, t: T0, value: 'Ready, "quoted"', quality: 0 },
      { signalId: 2, t: T0 + 1, value: Number.NaN, quality: 1 },
      { signalId: 2, t: T0 + 2, value: 3.5, quality: 0 },
    ];
    const { chunk, out } = roundTrip(rows);
    expect(chunk).toMatchObject({ n: 3 });
    expect(chunk.data[0]).toBe(2); // a text among the values: the values go as JSON
    expect(out.v).toEqual(['Ready, "quoted"', 'NaN', 3.5]);
  });

  it('returns only the samples inside [from, to)', () => {
    const rows = [0, 10, 20, 30].map((dt) => ({ signalId: 3, t: T0 + dt, value: dt, quality: 0 }));
    expect(roundTrip(rows, T0 + 10, T0 + 30).out.t).toEqual([T0 + 10, T0 + 20]);
  });
});
