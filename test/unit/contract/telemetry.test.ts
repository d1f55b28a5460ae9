import { describe, expect, it } from 'vitest';
import { decodeTelemetry, encodeTelemetry, NO_GROUP, Quality } from '../../../shared/contract/telemetry';

describe('telemetry frame codec', () => {
  it('round-trips numbers, strings and quality as typed-array columns', () => {
    const buffer = encodeTelemetry(7, 1234.5, 3, [
      [1, { value: 2.5, sourceTime: 10, quality: Quality.good }],
      [9, { value: 'HOLE-17', sourceTime: 11, quality: Quality.stale }],
    ]);
    const frame = decodeTelemetry(buffer);
    if ('error' in frame) throw new Error(frame.error);
    expect(frame.seq).toBe(7);
    expect(frame.engineTime).toBe(1234.5);
    expect(frame.dropped).toBe(3);
    expect([...frame.ids]).toEqual([1, 9]);
    expect(frame.values[0]).toBe(2.5);
    expect(Number.isNaN(frame.values[1])).toBe(true);
    expect(frame.texts.get(9)).toBe('HOLE-17');
    expect([...frame.quality]).toEqual([Quality.good, Quality.stale]);
    expect([...frame.sourceTimes]).toEqual([10, 11]);
  });

  it('carries 64-bit integers exactly next to the nearest double, and keeps strings apart', () => {
    const edges = [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 64n - 1n, -9007199254740993n, 0n];
    const buffer = encodeTelemetry(1, 0, 0, [...edges.map((value, i): [number, { value: bigint; sourceTime: number; quality: Quality }] => [i + 1, { value, sourceTime: i, quality: Quality.good }]), [99, { value: '18446744073709551615', sourceTime: 0, quality: Quality.good }]]);
    const frame = decodeTelemetry(buffer);
    if ('error' in frame) throw new Error(frame.error);
    expect(edges.map((_, i) => frame.integers.get(i + 1))).toEqual(edges);
    expect(edges.map((_, i) => frame.values[i])).toEqual(edges.map(Number));
    expect(frame.texts.get(99)).toBe('18446744073709551615');
    expect(frame.integers.has(99)).toBe(false);
    expect([...frame.texts.keys()]).toEqual([99]);
  });

  it('round-trips the confirmation group of each value and the confirmation time of each group', () => {
    const buffer = encodeTelemetry(
      2,
      500,
      0,
      [
        [4, { value: 1, sourceTime: 1, quality: Quality.good, group: 3 }],
        [5, { value: 2n ** 53n + 1n, sourceTime: 2, quality: Quality.good }],
      ],
      [
        [3, 480],
        [0, 499.5],
      ],
    );
    const frame = decodeTelemetry(buffer);
    if ('error' in frame) throw new Error(frame.error);
    expect([...frame.groups]).toEqual([3, NO_GROUP]);
    expect([...frame.groupIds]).toEqual([3, 0]);
    expect([...frame.groupConfirmTimes]).toEqual([480, 499.5]);
    expect(frame.integers.get(5)).toBe(2n ** 53n + 1n);
    expect(decodeTelemetry(buffer.slice(0, buffer.byteLength - 12))).toHaveProperty('error'); // group section cut off
  });

  it('refuses a malformed 64-bit entry', () => {
    const bad = (entry: unknown[]) => {
      const text = new TextEncoder().encode(JSON.stringify([entry]));
      const good = encodeTelemetry(1, 0, 0, [[1, { value: 'x', sourceTime: 0, quality: Quality.good }]]);
      const header = new DataView(good.slice(0, 32 + 23));
      header.setUint32(24, text.length, true);
      const out = new Uint8Array(32 + 23 + text.length);
      out.set(new Uint8Array(header.buffer));
      out.set(text, 32 + 23);
      return decodeTelemetry(out.buffer);
    };
    expect(bad([1, '12', 'int64'])).not.toHaveProperty('error');
    expect(bad([1, '1.5', 'int64'])).toEqual({ error: 'bad telemetry text entry' });
    expect(bad([1, '12', 'int32'])).toEqual({ error: 'bad telemetry text entry' });
  });

  it('refuses truncated and foreign buffers', () => {
    const good = encodeTelemetry(1, 0, 0, [[1, { value: 1, sourceTime: 0, quality: Quality.good }]]);
    expect(decodeTelemetry(good.slice(0, good.byteLength - 1))).toHaveProperty('error');
    expect(decodeTelemetry(new ArrayBuffer(8))).toHaveProperty('error');
    expect(decodeTelemetry(new ArrayBuffer(64))).toHaveProperty('error');
  });
});
