/**
 * History chunks: what goes in comes out, in range: numbers compact (time steps as varints, one quality once, float32
 * where exact) or as doubles where times do not ascend, anything else through JSON, exactly.
 */
import { describe, expect, it } from 'vitest';
import { ChunkArena, DamagedChunkError, decodeChunk, encodeChunk, type SeriesColumns } from '../../../main/engine/history/chunk-codec';
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
    expect(chunk.data[0]).toBe(3); // every value a finite number, times ascending: the compact layout
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

  it('encodes into an arena byte for byte as on its own, over old bytes and across a growth that keeps earlier chunks', () => {
    const arena = new ChunkArena();
    arena.bytes.fill(0xee); // reused memory: the padding must not carry it into a chunk
    const chunks = [];
    // Sizes from 1 to 3,000 samples: odd counts leave padding after the qualities, and the total outgrows 64 KiB.
    for (const n of [1, 3, 40, 7, 3000, 5, 2001]) {
      const rows = Array.from({ length: n }, (_, k) => ({ signalId: 4, t: T0 + 10 * k, value: Math.sin(k) * 1e3, quality: k % 3 }));
      const batch = toColumns(rows);
      const order = Uint32Array.from(rows.keys());
      const alone = encodeChunk(batch, order, 0, n, batch.times);
      const inArena = encodeChunk(batch, order, 0, n, batch.times, arena);
      expect(inArena.data.byteOffset % 8).toBe(0);
      expect(Buffer.from(inArena.data).equals(Buffer.from(alone.data))).toBe(true);
      chunks.push({ rows, chunk: inArena, bytes: Buffer.from(alone.data) });
    }
    // Nothing handed out before the arena grew was overwritten after.
    for (const { rows, chunk, bytes } of chunks) {
      expect(Buffer.from(chunk.data).equals(bytes)).toBe(true);
      const out: SeriesColumns = { t: [], v: [], q: [] };
      decodeChunk(chunk.t0, chunk.n, chunk.data, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, out);
      expect(out.v).toEqual(rows.map((r) => r.value));
    }
  });

  it('encodes into an arena reset over a longer chunk byte for byte as on its own (no old bytes in the padding)', () => {
    const arena = new ChunkArena();
    const encode = (n: number, into?: ChunkArena) => {
      const batch = toColumns(Array.from({ length: n }, (_, k) => ({ signalId: 6, t: T0 + k, value: -k - 0.5, quality: 255 - k })));
      return encodeChunk(batch, Uint32Array.from({ length: n }, (_, k) => k), 0, n, batch.times, into);
    };
    encode(64, arena); // fills the start of the arena with non-zero bytes
    arena.reset();
    for (const n of [1, 2, 3, 5]) {
      const again = encode(n, arena);
      expect(Buffer.from(again.data).equals(Buffer.from(encode(n).data))).toBe(true);
      arena.reset();
    }
  });

  it('encodes a chunk holding a text on its own even when given an arena', () => {
    const arena = new ChunkArena();
    const batch = toColumns([
      { signalId: 5, t: T0, value: 'Open', quality: 0 },
      { signalId: 5, t: T0 + 5, value: 2, quality: 0 },
    ]);
    const chunk = encodeChunk(batch, Uint32Array.of(0, 1), 0, 2, batch.times, arena);
    expect(chunk.data[0]).toBe(2);
    expect(chunk.data.buffer).not.toBe(arena.bytes.buffer);
  });

  it('keeps the plain layout where times do not ascend, and reads it back (as in files of earlier versions)', () => {
    const rows = [
      { signalId: 7, t: T0 + 20, value: 0.1, quality: 0 },
      { signalId: 7, t: T0 + 10, value: 0.2, quality: 0 },
      { signalId: 7, t: T0 + 10, value: 0.3, quality: 1 },
    ];
    const { chunk, out } = roundTrip(rows);
    expect(chunk.data[0]).toBe(1);
    expect(out).toEqual({ t: rows.map((r) => r.t), v: rows.map((r) => r.value), q: rows.map((r) => r.quality) });
    const arena = new ChunkArena();
    const batch = toColumns(rows);
    const inArena = encodeChunk(batch, Uint32Array.of(0, 1, 2), 0, 3, batch.times, arena);
    expect(Buffer.from(inArena.data).equals(Buffer.from(chunk.data))).toBe(true);
  });
});

describe('the compact layout', () => {
  const series = (n: number, step: (k: number) => number, value: (k: number) => number, quality: (k: number) => number = () => 0) => {
    let t = T0;
    return Array.from({ length: n }, (_, k) => ({ signalId: 8, t: (t += k === 0 ? 0 : step(k)), value: value(k), quality: quality(k) }));
  };

  it('takes 9 bytes a sample at 10 Hz with one quality, 5 when the values are float32-exact (13 in the plain layout)', () => {
    const doubles = roundTrip(series(40, () => 100, (k) => 20 + k / 3));
    expect(doubles.chunk.data.byteLength).toBe(48 + 8 * 40); // header 4 + 39 one-byte steps, padded to 8
    expect(doubles.out.v).toEqual(series(40, () => 100, (k) => 20 + k / 3).map((r) => r.value));
    const counts = roundTrip(series(40, () => 100, (k) => (k % 7) - 3 + (k % 2) / 2));
    expect(counts.chunk.data.byteLength).toBe(44 + 4 * 40); // float32 values: padded to 4
    expect(counts.out.v).toEqual(series(40, () => 100, (k) => (k % 7) - 3 + (k % 2) / 2).map((r) => r.value));
    expect(Object.is(roundTrip(series(2, () => 1, (k) => (k === 0 ? -0 : 1))).out.v[0], -0)).toBe(true);
  });

  it('round-trips steps at every varint width and qualities that change, exactly', () => {
    const steps = [1, 127, 128, 16_383, 16_384, 59_999, 2, 60_000 - 16_384];
    const rows = series(steps.length + 1, (k) => steps[k - 1] as number, (k) => Math.sin(k) * 1e6, (k) => [0, 1, 2, 3, 64][k % 5] as number);
    const { chunk, out } = roundTrip(rows);
    expect(chunk.data[0]).toBe(3);
    expect(out).toEqual({ t: rows.map((r) => r.t), v: rows.map((r) => r.value), q: rows.map((r) => r.quality) });
    // A range inside the chunk: the samples before it are skipped, the ones after it never decoded.
    const inside = roundTrip(rows, rows[2]!.t, rows[6]!.t).out;
    expect(inside.t).toEqual(rows.slice(2, 6).map((r) => r.t));
    expect(inside.v).toEqual(rows.slice(2, 6).map((r) => r.value));
  });

  it('values float32 cannot hold exactly stay doubles; a single sample is just its header and value', () => {
    expect(roundTrip(series(3, () => 5, (k) => [1e300, 0.1, 16_777_217][k] as number)).out.v).toEqual([1e300, 0.1, 16_777_217]);
    const one = roundTrip(series(1, () => 1, () => 7, () => 2));
    expect(one.chunk.data.byteLength).toBe(8);
    expect(one.out).toEqual({ t: [T0], v: [7], q: [2] });
  });

  it('a damaged (cut short) chunk is an error, never wrong samples', () => {
    const { chunk } = roundTrip(series(40, () => 300, (k) => k * 0.1, (k) => k % 2));
    const out: SeriesColumns = { t: [], v: [], q: [] };
    for (const cut of [60, chunk.data.byteLength - 4, chunk.data.byteLength - 1]) {
      expect(() => decodeChunk(chunk.t0, chunk.n, chunk.data.subarray(0, cut), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, out)).toThrow(/damaged/);
    }
    expect(out.t).toEqual([]);
  });
});

describe('a chunk that does not read back', () => {
  const decode = (chunk: { t0: number; n: number }, data: Uint8Array) => () => decodeChunk(chunk.t0, chunk.n, data, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, { t: [], v: [], q: [] });
  const chunkOf = (rows: SampleRow[]) => {
    const batch = toColumns(rows);
    return encodeChunk(batch, Uint32Array.from(rows.keys()), 0, rows.length, batch.times);
  };

  it('is damaged when its bytes do not fit its samples, in every layout', () => {
    const plain = chunkOf([{ signalId: 9, t: T0 + 5, value: 1.5, quality: 0 }, { signalId: 9, t: T0, value: 2.5, quality: 0 }]); // times descend: kind 1
    const json = chunkOf([{ signalId: 9, t: T0, value: 'Open', quality: 0 }, { signalId: 9, t: T0 + 1, value: 'Shut', quality: 0 }]);
    const compact = chunkOf([{ signalId: 9, t: T0, value: 0.1, quality: 0 }, { signalId: 9, t: T0 + 1, value: 0.2, quality: 0 }]);
    expect([plain.data[0], json.data[0], compact.data[0]]).toEqual([1, 2, 3]);
    for (const chunk of [plain, json, compact]) expect(decode(chunk, chunk.data.subarray(0, chunk.data.byteLength - 3))).toThrow(DamagedChunkError);
  });

  it('of a kind this version does not know, is an error but not damage (a newer version wrote it)', () => {
    const chunk = chunkOf([{ signalId: 9, t: T0, value: 1, quality: 0 }]);
    const newer = Uint8Array.of(9, ...chunk.data.subarray(1));
    expect(decode(chunk, newer)).toThrow(/unknown kind 9/);
    expect(decode(chunk, newer)).not.toThrow(DamagedChunkError);
  });
});

