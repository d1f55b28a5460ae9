/**
 * Telemetry frames: changed values as typed-array columns in one ArrayBuffer, so a frame is transferred, not
 * cloned value by value. Layout (little-endian):
 *   0 u32 magic 'RECT' | 4 u32 seq | 8 f64 engineTime | 16 u32 dropped | 20 u32 count | 24 u32 textBytes | 28 u32 0
 *   32: f64 values[count] | f64 sourceTimes[count] | u32 ids[count] | u8 quality[count] | utf8 JSON texts
 * Numbers (and bools as 0/1) travel in `values`; strings travel in `texts` as [id, text] pairs with value NaN.
 * 64-bit integers (bigint) travel exactly as [id, decimal, 'int64'] entries of the same JSON list; their `values`
 * slot holds the nearest double, for charts (anything shown from it is rounded and must say so).
 */

export const TELEMETRY_MAGIC = 0x54434552; // 'RECT' read little-endian
const HEADER_BYTES = 32;

/** Quality of a value: good; bad (no answer / device error); stale (last known, link down); uncertain. */
export const Quality = { good: 0, bad: 1, stale: 2, uncertain: 3 } as const;
export type Quality = (typeof Quality)[keyof typeof Quality];

/** One decoded telemetry frame. */
export interface TelemetryFrame {
  seq: number;
  engineTime: number;
  /** Value updates coalesced away (overwritten before they could be sent) since the previous frame. */
  dropped: number;
  ids: Uint32Array;
  values: Float64Array;
  sourceTimes: Float64Array;
  quality: Uint8Array;
  texts: Map<number, string>;
  /** Exact 64-bit integers by id (their `values` slot is the nearest double). */
  integers: Map<number, bigint>;
}

/** One value as the engine hands it to the coalescer. */
export interface TelemetryValue {
  /** bigint for 64-bit integers, which must arrive exactly. */
  value: number | string | bigint;
  sourceTime: number;
  quality: Quality;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes changed values into one transferable buffer. */
export function encodeTelemetry(seq: number, engineTime: number, dropped: number, entries: Iterable<[number, TelemetryValue]>): ArrayBuffer {
  const list = [...entries];
  const count = list.length;
  const texts: ([number, string] | [number, string, 'int64'])[] = [];
  for (const [id, v] of list) {
    if (typeof v.value === 'string') texts.push([id, v.value]);
    else if (typeof v.value === 'bigint') texts.push([id, v.value.toString(), 'int64']);
  }
  const textBytes = texts.length > 0 ? encoder.encode(JSON.stringify(texts)) : new Uint8Array(0);
  const buffer = new ArrayBuffer(HEADER_BYTES + count * 21 + textBytes.length);
  const header = new DataView(buffer);
  header.setUint32(0, TELEMETRY_MAGIC, true);
  header.setUint32(4, seq >>> 0, true);
  header.setFloat64(8, engineTime, true);
  header.setUint32(16, Math.min(dropped, 0xffffffff), true);
  header.setUint32(20, count, true);
  header.setUint32(24, textBytes.length, true);
  const values = new Float64Array(buffer, HEADER_BYTES, count);
  const times = new Float64Array(buffer, HEADER_BYTES + count * 8, count);
  const ids = new Uint32Array(buffer, HEADER_BYTES + count * 16, count);
  const quality = new Uint8Array(buffer, HEADER_BYTES + count * 20, count);
  list.forEach(([id, v], i) => {
    ids[i] = id;
    values[i] = typeof v.value === 'string' ? Number.NaN : Number(v.value);
    times[i] = v.sourceTime;
    quality[i] = v.quality;
  });
  new Uint8Array(buffer, HEADER_BYTES + count * 21).set(textBytes);
  return buffer;
}

/** Decodes a frame; returns an error message for anything that is not a well-formed frame. */
export function decodeTelemetry(buffer: ArrayBuffer): TelemetryFrame | { error: string } {
  if (buffer.byteLength < HEADER_BYTES) return { error: `telemetry frame too short (${buffer.byteLength} bytes)` };
  const header = new DataView(buffer);
  if (header.getUint32(0, true) !== TELEMETRY_MAGIC) return { error: 'not a telemetry frame (bad magic)' };
  const count = header.getUint32(20, true);
  const textLength = header.getUint32(24, true);
  if (buffer.byteLength !== HEADER_BYTES + count * 21 + textLength) return { error: 'telemetry frame length does not match its header' };
  const texts = new Map<number, string>();
  const integers = new Map<number, bigint>();
  if (textLength > 0) {
    try {
      const pairs: unknown = JSON.parse(decoder.decode(new Uint8Array(buffer, HEADER_BYTES + count * 21, textLength)));
      if (!Array.isArray(pairs)) return { error: 'telemetry text section is not a list' };
      for (const pair of pairs) {
        if (!Array.isArray(pair) || typeof pair[0] !== 'number' || typeof pair[1] !== 'string') return { error: 'bad telemetry text entry' };
        if (pair.length === 2) texts.set(pair[0], pair[1]);
        else if (pair.length === 3 && pair[2] === 'int64' && /^-?\d{1,20}$/.test(pair[1])) integers.set(pair[0], BigInt(pair[1]));
        else return { error: 'bad telemetry text entry' };
      }
    } catch {
      return { error: 'telemetry text section is not JSON' };
    }
  }
  return {
    seq: header.getUint32(4, true),
    engineTime: header.getFloat64(8, true),
    dropped: header.getUint32(16, true),
    values: new Float64Array(buffer, HEADER_BYTES, count),
    sourceTimes: new Float64Array(buffer, HEADER_BYTES + count * 8, count),
    ids: new Uint32Array(buffer, HEADER_BYTES + count * 16, count),
    quality: new Uint8Array(buffer, HEADER_BYTES + count * 20, count),
    texts,
    integers,
  };
}
