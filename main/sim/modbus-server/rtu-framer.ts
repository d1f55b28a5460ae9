/**
 * Splits a byte stream into Modbus RTU request frames: length by function code where the code defines it, the
 * inter-frame silence (gap) otherwise, CRC-16 checked. Works on any chunking (TCP segments, serial reads).
 */
import { hasValidCrc } from './crc16';

/** Longest RTU frame (address + 253-byte PDU + CRC). */
const MAX_RTU_FRAME = 256;

/** Bytes of a complete request starting at buffer[0]; 'need-more' when the header is incomplete; 'by-gap' when the code defines no length. */
export function requestLength(buffer: Uint8Array): number | 'need-more' | 'by-gap' {
  if (buffer.length < 2) return 'need-more';
  const fc = buffer[1]!;
  if (fc >= 1 && fc <= 6) return 8;
  if (fc === 8) return 8; // diagnostics: sub-function + one data word
  if (fc === 7 || fc === 11 || fc === 12 || fc === 17) return 4;
  if (fc === 15 || fc === 16) return buffer.length < 7 ? 'need-more' : 9 + buffer[6]!;
  if (fc === 23) return buffer.length < 11 ? 'need-more' : 13 + buffer[10]!;
  return 'by-gap';
}

/** The silence that ends an RTU frame: 3.5 character times, 1.75 ms above 19200 baud (spec), at least `floorMs`. */
export function frameGapMs(baudRate: number, floorMs = 2): number {
  const ms = baudRate > 19200 ? 1.75 : (3.5 * 11 * 1000) / baudRate;
  return Math.max(floorMs, Math.ceil(ms));
}

/** Feeds on stream chunks, calls `onFrame` with every complete CRC-valid frame (CRC included). */
export class RtuRequestFramer {
  private buffer = Buffer.alloc(0);
  /** After a CRC error the framing is lost: every byte is dropped until the line has been silent for one gap. */
  private discarding = false;
  private gapTimer: NodeJS.Timeout | undefined;
  /** Frames dropped for a bad CRC or overflow (diagnostics). */
  droppedFrames = 0;

  constructor(
    private readonly onFrame: (frame: Buffer) => void,
    private readonly gapMs: number,
  ) {}

  /** Adds received bytes. */
  push(chunk: Buffer): void {
    clearTimeout(this.gapTimer);
    this.gapTimer = setTimeout(() => this.onSilence(), this.gapMs);
    if (this.discarding) return;
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.drain();
  }

  /** Stops the gap timer (call when the stream closes). */
  dispose(): void {
    clearTimeout(this.gapTimer);
  }

  private drain(): void {
    while (this.buffer.length > 0) {
      const length = requestLength(this.buffer);
      if (length === 'by-gap') {
        if (this.buffer.length > MAX_RTU_FRAME) this.loseSync();
        return; // the silence will end it
      }
      if (length === 'need-more' || this.buffer.length < length) return;
      const frame = this.buffer.subarray(0, length);
      if (length > MAX_RTU_FRAME || !hasValidCrc(frame)) return this.loseSync();
      this.buffer = this.buffer.subarray(length);
      this.onFrame(Buffer.from(frame));
    }
  }

  private loseSync(): void {
    this.droppedFrames++;
    this.buffer = Buffer.alloc(0);
    this.discarding = true;
  }

  private onSilence(): void {
    this.gapTimer = undefined;
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    // Only a frame whose length the function code does not define ends at a gap. A partial frame of known length
    // is kept: TCP and busy event loops split frames with pauses longer than a gap.
    if (this.buffer.length > 0 && requestLength(this.buffer) === 'by-gap') {
      const frame = this.buffer;
      this.buffer = Buffer.alloc(0);
      if (frame.length >= 4 && hasValidCrc(frame)) this.onFrame(frame);
      else this.droppedFrames++;
    }
  }
}
