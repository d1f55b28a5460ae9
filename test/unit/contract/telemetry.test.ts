import { describe, expect, it } from 'vitest';
import { decodeTelemetry, encodeTelemetry, Quality } from '../../../shared/contract/telemetry';

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

  it('refuses truncated and foreign buffers', () => {
    const good = encodeTelemetry(1, 0, 0, [[1, { value: 1, sourceTime: 0, quality: Quality.good }]]);
    expect(decodeTelemetry(good.slice(0, good.byteLength - 1))).toHaveProperty('error');
    expect(decodeTelemetry(new ArrayBuffer(8))).toHaveProperty('error');
    expect(decodeTelemetry(new ArrayBuffer(64))).toHaveProperty('error');
  });
});
