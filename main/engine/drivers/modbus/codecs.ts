/**
 * Pure Modbus data codecs: registers (16-bit words as received) ↔ typed values, for every data type and word
 * order. Inputs are never mutated; bad input throws a CodecError with a readable message.
 *
 * Orders name the bytes of the value, most significant first (A): ABCD big-endian, CDAB word-swapped,
 * BADC byte-swapped, DCBA little-endian. For 64-bit values the same rule extends to 8 bytes (CDAB reverses the
 * four words, BADC swaps the bytes in each word, DCBA reverses all bytes). One-register values only honour the
 * byte swap (BADC, DCBA). Strings are bytes in register order; BADC and DCBA swap the two bytes of each register.
 */
import { registersFor, type DataType, type WordOrder } from '../../../../shared/site/data-types';
import { FLOAT32_MAX, shortestFloat32 } from '../numbers';

/** A decoded value before scaling: 64-bit integers stay exact as bigint. */
export type RawValue = number | bigint | string | boolean;

/** What a codec needs to know about one value. */
export interface CodecSpec {
  type: DataType;
  order: WordOrder;
  /** Characters of a `string` value. */
  length?: number;
}

/** A value or register image the codec refuses (wrong type, out of range, wrong length). */
export class CodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecError';
  }
}

export { FLOAT32_MAX, shortestFloat32 } from '../numbers';

const INT_RANGES: Record<string, readonly [bigint, bigint]> = {
  int16: [-0x8000n, 0x7fffn],
  uint16: [0n, 0xffffn],
  int32: [-0x8000_0000n, 0x7fff_ffffn],
  uint32: [0n, 0xffff_ffffn],
  int64: [-0x8000_0000_0000_0000n, 0x7fff_ffff_ffff_ffffn],
  uint64: [0n, 0xffff_ffff_ffff_ffffn],
};

/** Inclusive range of an integer type, or undefined for non-integer types. */
export function integerRange(type: DataType): readonly [bigint, bigint] | undefined {
  return INT_RANGES[type];
}

/** Registers one value occupies (bools in a register table occupy one register). */
export function widthOf(spec: CodecSpec): number {
  if (spec.type === 'string' && (spec.length === undefined || spec.length < 1)) throw new CodecError('string values need a length of at least 1');
  return registersFor(spec.type, spec.length);
}

/** Wire byte index holding canonical (big-endian) byte k of an n-register value; each order is its own inverse. */
function wireIndex(order: WordOrder, k: number, registers: number): number {
  switch (order) {
    case 'ABCD':
      return k;
    case 'CDAB':
      return 2 * (registers - 1 - (k >> 1)) + (k & 1);
    case 'BADC':
      return k ^ 1;
    case 'DCBA':
      return 2 * registers - 1 - k;
  }
}

function checkRegisters(registers: ArrayLike<number>, start: number, count: number): void {
  if (registers.length - start < count) throw new CodecError(`need ${count} registers, got ${Math.max(0, registers.length - start)}`);
  for (let i = 0; i < count; i++) {
    const word = registers[start + i] as number;
    if (!Number.isInteger(word) || word < 0 || word > 0xffff) throw new CodecError(`register ${i} holds ${word}, not a 16-bit word`);
  }
}

/** Canonical big-endian bytes of `count` registers from `start` into `bytes`, reordered per `order` (strings: per-register swap only). */
function canonicalBytes(registers: ArrayLike<number>, start: number, count: number, order: WordOrder, isString: boolean, bytes: Uint8Array): Uint8Array {
  for (let k = 0; k < count * 2; k++) {
    const w = isString ? (order === 'BADC' || order === 'DCBA' ? k ^ 1 : k) : wireIndex(order, k, count);
    const word = registers[start + (w >> 1)] as number;
    bytes[k] = w & 1 ? word & 0xff : word >> 8;
  }
  return bytes;
}

function registersFromCanonical(bytes: Uint8Array, order: WordOrder, isString: boolean): number[] {
  const count = bytes.length / 2;
  const wire = new Uint8Array(bytes.length);
  for (let k = 0; k < bytes.length; k++) {
    const w = isString ? (order === 'BADC' || order === 'DCBA' ? k ^ 1 : k) : wireIndex(order, k, count);
    wire[w] = bytes[k] as number;
  }
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(((wire[2 * i] as number) << 8) | (wire[2 * i + 1] as number));
  return out;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/** Scratch for non-string values (≤ 4 registers): decoding is synchronous, so one buffer serves every call. */
const scratchBytes = new Uint8Array(8);
const scratchView = new DataView(scratchBytes.buffer);

/** Decodes one value from the start of `registers` (a register image as received, never modified). */
export function decodeRegisters(registers: ArrayLike<number>, spec: CodecSpec): RawValue {
  return decodeRegistersAt(registers, 0, spec);
}

/** Decodes one value starting at register `start` of `registers` (never modified); no allocation for numbers. */
export function decodeRegistersAt(registers: ArrayLike<number>, start: number, spec: CodecSpec): RawValue {
  const count = widthOf(spec);
  checkRegisters(registers, start, count);
  if (spec.type === 'bool') return (registers[start] as number) !== 0;
  if (count === 1 && (spec.type === 'uint16' || spec.type === 'int16')) {
    // The common case without a byte image: BADC and DCBA swap the two bytes of a single register.
    const word = registers[start] as number;
    const swapped = spec.order === 'BADC' || spec.order === 'DCBA' ? ((word & 0xff) << 8) | (word >> 8) : word;
    return spec.type === 'uint16' ? swapped : (swapped << 16) >> 16;
  }
  if (spec.type === 'string') {
    const bytes = canonicalBytes(registers, start, count, spec.order, true, new Uint8Array(count * 2));
    const end = bytes.indexOf(0);
    return utf8Decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
  }
  canonicalBytes(registers, start, count, spec.order, false, scratchBytes);
  const view = scratchView;
  switch (spec.type) {
    case 'int16':
      return view.getInt16(0);
    case 'uint16':
      return view.getUint16(0);
    case 'int32':
      return view.getInt32(0);
    case 'uint32':
      return view.getUint32(0);
    case 'float32':
      return shortestFloat32(view.getFloat32(0));
    case 'float64':
      return view.getFloat64(0);
    case 'int64':
      return view.getBigInt64(0);
    case 'uint64':
      return view.getBigUint64(0);
  }
}

function asBigInt(value: RawValue, type: DataType): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CodecError(`${value} is not a finite number (${type})`);
    if (!Number.isInteger(value)) throw new CodecError(`${value} is not an integer (${type})`);
    if (!Number.isSafeInteger(value)) {
      if (type === 'int64' || type === 'uint64') throw new CodecError(`${value} is beyond exact double precision; pass ${type} values as bigint or text`);
      throw new CodecError(`${value} is out of range for ${type}`);
    }
    return BigInt(value);
  }
  throw new CodecError(`${typeof value} value ${JSON.stringify(value)} cannot be written as ${type}`);
}

function asFinite(value: RawValue, type: DataType): number {
  if (typeof value !== 'number') throw new CodecError(`${typeof value} value cannot be written as ${type}`);
  if (!Number.isFinite(value)) throw new CodecError(`${value} refused: NaN and Infinity are never written (${type})`);
  // Refuse what float32 cannot hold (it would become Infinity); 3.4028235e38, Float max's shortest text, still fits.
  if (type === 'float32' && !Number.isFinite(Math.fround(value))) throw new CodecError(`${value} is out of range for float32 (±${FLOAT32_MAX})`);
  return value;
}

/** Encodes one value into registers (wire order). Refuses values out of range for the type with a clear message. */
export function encodeRegisters(value: RawValue, spec: CodecSpec): number[] {
  const count = widthOf(spec);
  if (spec.type === 'bool') {
    if (typeof value === 'boolean') return [value ? 1 : 0];
    if (value === 0 || value === 1) return [value];
    throw new CodecError(`${String(value)} is not a bool (true/false/1/0)`);
  }
  const bytes = new Uint8Array(count * 2);
  const view = new DataView(bytes.buffer);
  const range = INT_RANGES[spec.type];
  if (range) {
    const int = asBigInt(value, spec.type);
    if (int < range[0] || int > range[1]) throw new CodecError(`${int} is out of range for ${spec.type} (${range[0]}..${range[1]})`);
    if (spec.type === 'int64') view.setBigInt64(0, int);
    else if (spec.type === 'uint64') view.setBigUint64(0, int);
    else if (count === 1) view.setUint16(0, Number(BigInt.asUintN(16, int)));
    else view.setUint32(0, Number(BigInt.asUintN(32, int)));
  } else if (spec.type === 'float32') {
    view.setFloat32(0, asFinite(value, spec.type));
  } else if (spec.type === 'float64') {
    view.setFloat64(0, asFinite(value, spec.type));
  } else {
    if (typeof value !== 'string') throw new CodecError(`${typeof value} value cannot be written as string`);
    const encoded = utf8.encode(value);
    if (encoded.length > bytes.length) throw new CodecError(`"${value}" needs ${encoded.length} bytes; the tag holds ${spec.length}`);
    if (encoded.includes(0)) throw new CodecError('strings cannot contain NUL characters');
    bytes.set(encoded);
  }
  return registersFromCanonical(bytes, spec.order, spec.type === 'string');
}

/** Bit `bit` (0 = least significant) of a register value. */
export function decodeBit(register: number, bit: number): boolean {
  if (!Number.isInteger(bit) || bit < 0 || bit > 15) throw new CodecError(`bit ${bit} out of range (0..15)`);
  return ((register >> bit) & 1) === 1;
}

/** The register value with bit `bit` set to `value` (returns a new number; nothing is mutated). */
export function withBit(register: number, bit: number, value: boolean): number {
  if (!Number.isInteger(bit) || bit < 0 || bit > 15) throw new CodecError(`bit ${bit} out of range (0..15)`);
  return value ? (register | (1 << bit)) & 0xffff : register & ~(1 << bit) & 0xffff;
}
