/**
 * The compact layout of a numbers-only chunk (kind 3), written whenever its times ascend: a 10 Hz signal's sample
 * takes 9 bytes instead of 13 (1 of them its time), a whole-number or other float32-exact value 4 bytes instead of 8,
 * so raw history holds about a third more per disk byte and a repack, whose cost follows the bytes, writes less.
 *
 * Blob layout (little-endian):
 *   u8 kind 3, u8 flags (1: one quality for all, in the next byte; 2: values as float32), u8 that quality, u8 0,
 *   n − 1 time steps (ms, each ≥ 1) as unsigned LEB128 varints (the first sample is at t0),
 *   unless flag 1: n × u8 qualities; padding to the values' size;
 *   n × f32 or n × f64 values.
 * Pure: never touches the database.
 */

export const KIND_COMPACT = 3;

/** A chunk of a known kind whose bytes do not fit its samples (a damaged file): its samples cannot be read. */
export class DamagedChunkError extends Error {}
const HEADER = 4;
const ONE_QUALITY = 1;
const FLOAT32 = 2;

/** Where the samples come from: rows `rows[from..from+n)` of numbers-only columns, times already rounded in `times`. */
export interface CompactSource {
  rows: ArrayLike<number>;
  from: number;
  n: number;
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  qualities: ArrayLike<number>;
}

/** The compact chunk's size and flags, or undefined when its times do not strictly ascend (the plain layout then). */
export function compactPlan({ rows, from, n, times, values, qualities }: CompactSource): { size: number; flags: number } | undefined {
  const first = rows[from] as number;
  const quality = qualities[first] as number;
  let oneQuality = true;
  let float32 = true;
  let stepBytes = 0;
  let previous = times[first] as number;
  for (let k = 0; k < n; k++) {
    const row = rows[from + k] as number;
    const value = values[row] as number;
    if (oneQuality && qualities[row] !== quality) oneQuality = false;
    if (float32 && Math.fround(value) !== value) float32 = false;
    if (k === 0) continue;
    const step = (times[row] as number) - previous;
    if (!(step >= 1 && step < 2 ** 31)) return undefined;
    stepBytes += step < 1 << 7 ? 1 : step < 1 << 14 ? 2 : step < 1 << 21 ? 3 : step < 1 << 28 ? 4 : 5;
    previous = times[row] as number;
  }
  const width = float32 ? 4 : 8;
  const valuesAt = align(HEADER + stepBytes + (oneQuality ? 0 : n), width);
  return { size: valuesAt + width * n, flags: (oneQuality ? ONE_QUALITY : 0) | (float32 ? FLOAT32 : 0) };
}

/** Views of one buffer to write a chunk into (its values fall on their own size: `base` is 8-aligned). */
export interface ChunkBuffer {
  bytes: Uint8Array;
  f32: Float32Array;
  f64: Float64Array;
}

/** Writes the chunk planned by `compactPlan` into `into` at `base` (8-aligned); zero-fills its padding. */
export function writeCompact(source: CompactSource, flags: number, into: ChunkBuffer, base: number, size: number): void {
  const { bytes } = into;
  const { rows, from, n, times, values, qualities } = source;
  bytes.fill(0, base, base + size); // reused memory holds old bytes
  bytes[base] = KIND_COMPACT;
  bytes[base + 1] = flags;
  bytes[base + 2] = qualities[rows[from] as number] as number;
  let p = base + HEADER;
  for (let k = 1; k < n; k++) {
    let step = (times[rows[from + k] as number] as number) - (times[rows[from + k - 1] as number] as number);
    while (step >= 0x80) {
      bytes[p++] = (step & 0x7f) | 0x80;
      step >>>= 7;
    }
    bytes[p++] = step;
  }
  if ((flags & ONE_QUALITY) === 0) for (let k = 0; k < n; k++) bytes[p++] = qualities[rows[from + k] as number] as number;
  const float32 = (flags & FLOAT32) !== 0;
  const width = float32 ? 4 : 8;
  // Typed views in the platform's order, which is little-endian wherever the console ships (as batch-codec.ts).
  const at = (base + size) / width - n;
  const out = float32 ? into.f32 : into.f64;
  for (let k = 0; k < n; k++) out[at + k] = values[rows[from + k] as number] as number;
}

/** Appends the samples with `from <= t < to` of a compact chunk to `into` (times ascend: stops past `to`). */
export function decodeCompact(t0: number, n: number, data: Uint8Array, from: number, to: number, into: { t: number[]; v: (number | string)[]; q: number[] }): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const flags = data[1] as number;
  const oneQuality = (flags & ONE_QUALITY) !== 0;
  const width = (flags & FLOAT32) !== 0 ? 4 : 8;
  let end = HEADER;
  for (let k = 1; k < n; k++) while (((data[end++] as number) & 0x80) !== 0);
  const qualitiesAt = end;
  const valuesAt = align(qualitiesAt + (oneQuality ? 0 : n), width);
  if (valuesAt + width * n !== data.byteLength) throw new DamagedChunkError('history chunk (compact) is damaged: its length does not fit its samples');
  let p = HEADER;
  let t = t0;
  for (let k = 0; k < n; k++) {
    if (k > 0) {
      let step = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = data[p++] as number;
        step |= (byte & 0x7f) << shift;
        shift += 7;
      } while ((byte & 0x80) !== 0);
      t += step;
    }
    if (t < from) continue;
    if (t >= to) return;
    into.t.push(t);
    into.q.push(oneQuality ? (data[2] as number) : (data[qualitiesAt + k] as number));
    into.v.push(width === 4 ? view.getFloat32(valuesAt + 4 * k, true) : view.getFloat64(valuesAt + 8 * k, true));
  }
}

const align = (offset: number, width: number) => Math.ceil(offset / width) * width;
