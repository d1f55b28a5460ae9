/** The four Modbus tables of a simulated device as typed arrays, plus typed accessors in a chosen word order. */
import type { WordOrder } from '../../../shared/site/data-types';

/** Which tables a write can target. */
export type WritableTable = 'coil' | 'holding';

/** Sizes (in bits or registers) of each table; addresses at or past a size answer exception 2. */
export interface ImageSizes {
  coils: number;
  discrete: number;
  input: number;
  holding: number;
}

/** Maps the four bytes of a 32-bit value (big-endian ABCD) into register words in `order`. */
function orderBytes(bytes: Uint8Array, order: WordOrder): [number, number] {
  const [a = 0, b = 0, c = 0, d = 0] = bytes;
  switch (order) {
    case 'ABCD':
      return [(a << 8) | b, (c << 8) | d];
    case 'CDAB':
      return [(c << 8) | d, (a << 8) | b];
    case 'BADC':
      return [(b << 8) | a, (d << 8) | c];
    case 'DCBA':
      return [(d << 8) | c, (b << 8) | a];
  }
}

/** Inverse of orderBytes: two register words in `order` back to big-endian ABCD bytes. */
function unorderWords(w0: number, w1: number, order: WordOrder): Uint8Array {
  const hi = (w: number) => (w >>> 8) & 0xff;
  const lo = (w: number) => w & 0xff;
  switch (order) {
    case 'ABCD':
      return Uint8Array.of(hi(w0), lo(w0), hi(w1), lo(w1));
    case 'CDAB':
      return Uint8Array.of(hi(w1), lo(w1), hi(w0), lo(w0));
    case 'BADC':
      return Uint8Array.of(lo(w0), hi(w0), lo(w1), hi(w1));
    case 'DCBA':
      return Uint8Array.of(lo(w1), hi(w1), lo(w0), hi(w0));
  }
}

/** Two register words holding `value` as float32 in `order`. */
export function float32Words(value: number, order: WordOrder = 'ABCD'): [number, number] {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  return orderBytes(new Uint8Array(view.buffer), order);
}

/** The float32 held by two register words in `order`. */
export function wordsToFloat32(w0: number, w1: number, order: WordOrder = 'ABCD'): number {
  return new DataView(unorderWords(w0, w1, order).buffer).getFloat32(0);
}

/** Two register words holding a 32-bit integer (signed or not; the bits are the same) in `order`. */
export function int32Words(value: number, order: WordOrder = 'ABCD'): [number, number] {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, value >>> 0);
  return orderBytes(new Uint8Array(view.buffer), order);
}

/** The device's four tables. Plain typed arrays: the PDU handler reads and writes them directly. */
export class RegisterImage {
  readonly coils: Uint8Array;
  readonly discrete: Uint8Array;
  readonly input: Uint16Array;
  readonly holding: Uint16Array;

  constructor(sizes: ImageSizes) {
    this.coils = new Uint8Array(sizes.coils);
    this.discrete = new Uint8Array(sizes.discrete);
    this.input = new Uint16Array(sizes.input);
    this.holding = new Uint16Array(sizes.holding);
  }

  /** Sets a 16-bit register; negative numbers are stored two's complement, values are rounded and clamped. */
  setWord(table: 'input' | 'holding', address: number, value: number, signed = false): void {
    const [lo, hi] = signed ? [-32768, 32767] : [0, 65535];
    const clamped = Math.min(hi, Math.max(lo, Math.round(Number.isFinite(value) ? value : 0)));
    this[table][address] = clamped & 0xffff;
  }

  /** Reads a 16-bit register as uint16, or int16 when `signed`. */
  word(table: 'input' | 'holding', address: number, signed = false): number {
    const raw = this[table][address] ?? 0;
    return signed && raw >= 0x8000 ? raw - 0x10000 : raw;
  }

  /** Writes a float32 into two registers. */
  setFloat32(table: 'input' | 'holding', address: number, value: number, order: WordOrder = 'ABCD'): void {
    this[table].set(float32Words(value, order), address);
  }

  /** Reads a float32 from two registers. */
  float32(table: 'input' | 'holding', address: number, order: WordOrder = 'ABCD'): number {
    return wordsToFloat32(this[table][address] ?? 0, this[table][address + 1] ?? 0, order);
  }

  /** Writes a 32-bit integer (int32 or uint32) into two registers, rounding and wrapping to 32 bits. */
  setInt32(table: 'input' | 'holding', address: number, value: number, order: WordOrder = 'ABCD'): void {
    this[table].set(int32Words(Math.round(value), order), address);
  }

  /** Sets one bit of a bit table. */
  setBit(table: 'coil' | 'discrete', address: number, on: boolean): void {
    (table === 'coil' ? this.coils : this.discrete)[address] = on ? 1 : 0;
  }

  /** Packs booleans into bit `i` of a 16-bit register (bit 0 = first), e.g. a status word. */
  setBits(table: 'input' | 'holding', address: number, bits: readonly boolean[]): void {
    this[table][address] = bits.reduce((word, on, i) => (on ? word | (1 << i) : word), 0);
  }
}
