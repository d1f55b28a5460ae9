import { afterEach, describe, expect, it, vi } from 'vitest';
import { crc16Modbus, hasValidCrc, withCrc } from '../../../main/sim/modbus-server/crc16';
import { frameGapMs, requestLength, RtuRequestFramer } from '../../../main/sim/modbus-server/rtu-framer';

const readHolding = withCrc(Buffer.from([1, 3, 0, 0, 0, 10]));

describe('CRC-16/MODBUS', () => {
  it('matches the reference check value and a textbook frame', () => {
    expect(crc16Modbus(Buffer.from('123456789'))).toBe(0x4b37);
    expect(readHolding.toString('hex')).toBe('01030000000ac5cd');
    expect(hasValidCrc(readHolding)).toBe(true);
    const corrupted = Buffer.from(readHolding);
    corrupted[3] = 1;
    expect(hasValidCrc(corrupted)).toBe(false);
  });
});

describe('request length by function code', () => {
  it.each([
    [[1, 3], 8],
    [[1, 6], 8],
    [[1, 16, 0, 0, 0, 2, 4], 13],
    [[1, 15, 0, 0, 0, 9, 2], 11],
    [[1, 23, 0, 0, 0, 1, 0, 0, 0, 1, 2], 15],
    [[1, 7], 4],
    [[1, 16, 0, 0], 'need-more'],
    [[1, 0x2b], 'by-gap'],
  ])('%j → %s', (bytes, expected) => {
    expect(requestLength(Buffer.from(bytes))).toBe(expected);
  });

  it('uses 1.75 ms above 19200 baud and 3.5 characters below', () => {
    expect(frameGapMs(115200, 0)).toBe(2);
    expect(frameGapMs(9600, 0)).toBe(5);
  });
});

describe('RtuRequestFramer', () => {
  afterEach(() => vi.useRealTimers());

  it('reassembles frames split at every byte and splits frames sent together', () => {
    const frames: string[] = [];
    const framer = new RtuRequestFramer((f) => frames.push(f.toString('hex')), 20);
    const write = withCrc(Buffer.from([1, 16, 0, 10, 0, 2, 4, 0, 1, 0, 2]));
    for (const byte of write) framer.push(Buffer.from([byte]));
    framer.push(Buffer.concat([readHolding, readHolding]));
    framer.dispose();
    expect(frames).toEqual([write.toString('hex'), readHolding.toString('hex'), readHolding.toString('hex')]);
  });

  it('drops a CRC-corrupted frame and everything until the line goes silent, then resyncs', () => {
    vi.useFakeTimers();
    const frames: Buffer[] = [];
    const framer = new RtuRequestFramer((f) => frames.push(f), 20);
    const corrupted = Buffer.from(readHolding);
    corrupted[7] = (corrupted[7] ?? 0) ^ 0xff;
    framer.push(corrupted);
    framer.push(readHolding); // arrives before the gap: still discarded
    expect(frames).toHaveLength(0);
    expect(framer.droppedFrames).toBe(1);
    vi.advanceTimersByTime(25);
    framer.push(readHolding);
    expect(frames).toHaveLength(1);
    framer.dispose();
  });

  it('ends a frame of unknown length at the gap (so the core can answer illegal function)', () => {
    vi.useFakeTimers();
    const frames: Buffer[] = [];
    const framer = new RtuRequestFramer((f) => frames.push(f), 20);
    const unknown = withCrc(Buffer.from([1, 0x2b, 0x0e, 1, 0]));
    framer.push(unknown);
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(25);
    expect(frames.map((f) => f.toString('hex'))).toEqual([unknown.toString('hex')]);
    framer.dispose();
  });
});
