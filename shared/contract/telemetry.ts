/**
 * Telemetry frames: changed values as typed-array columns in one ArrayBuffer, so a frame is transferred, not
 * cloned value by value. Layout (little-endian), c = value count, g = confirmation-group count:
 *   0 u32 magic 'REC2' | 4 u32 seq | 8 f64 engineTime | 16 u32 dropped | 20 u32 c | 24 u32 textBytes | 28 u32 g
 *   32: f64 values[c] | f64 sourceTimes[c] | f64 groupConfirmTimes[g] | u32 ids[c] | u32 groupIds[g]
 *       | u16 groups[c] | u8 quality[c] | utf8 JSON texts
 * Numbers (and bools as 0/1) travel in `values`; strings travel in `texts` as [id, text] pairs with value NaN.
 * 64-bit integers (bigint) travel exactly as [id, decimal, 'int64'] entries of the same JSON list; their `values`
 * slot holds the nearest double, for charts (anything shown from it is rounded and must say so).
 * `engineTime` is when the engine sent the frame (stamped as it is built and sent): the console measures delivery
 * (arrival − engineTime, clock offset removed) and the newest shown frame's age from it.
 * Only changes travel. How recently the engine *confirmed* a value (poll answered, notification) travels per
 * confirmation group (a connection's scan class): `groups[i]` names the group of value i, and the group section
 * carries the groups whose confirmation time advanced, so unchanged values age correctly without being re-sent.
 */

export const TELEMETRY_MAGIC = 0x32434552; // 'REC2' read little-endian
const HEADER_BYTES = 32;
/** Bytes per value entry: value, source time, id, group, quality. */
const ENTRY_BYTES = 8 + 8 + 4 + 2 + 1;
/** Bytes per confirmation-group entry: time and id. */
const GROUP_BYTES = 8 + 4;
/** Group number of a value no confirmation group covers. */
export const NO_GROUP = 0xffff;

/** Quality of a value: good; bad (no answer / device error); stale (last known, link down); uncertain. */
export const Quality = { good: 0, bad: 1, stale: 2, uncertain: 3 } as const;
export type Quality = (typeof Quality)[keyof typeof Quality];

/** The typed-array columns of one frame (views into its buffer). */
export interface TelemetryColumns {
  ids: Uint32Array;
  values: Float64Array;
  sourceTimes: Float64Array;
  quality: Uint8Array;
  /** Confirmation group of each value (NO_GROUP when none). */
  groups: Uint16Array;
  /** Groups whose confirmation time advanced, and that time (engine clock, ms since epoch). */
  groupIds: Uint32Array;
  groupConfirmTimes: Float64Array;
}

/** One decoded telemetry frame. */
export interface TelemetryFrame extends TelemetryColumns {
  seq: number;
  engineTime: number;
  /** Value updates coalesced away (overwritten before they could be sent) since the previous frame. */
  dropped: number;
  texts: Map<number, string>;
  /** Exact 64-bit integers by id (their `values` slot is the nearest double). */
  integers: Map<number, bigint>;
}

/** One value as the engine hands it to the encoder. */
export interface TelemetryValue {
  /** bigint for 64-bit integers, which must arrive exactly. */
  value: number | string | bigint;
  sourceTime: number;
  quality: Quality;
  /** Confirmation group (default NO_GROUP). */
  group?: number;
}

/** A text-section entry: a string value, or a 64-bit integer's exact decimal. */
export type TelemetryText = [number, string] | [number, string, 'int64'];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Byte length of a frame with these section sizes. */
function frameBytes(count: number, groupCount: number, textBytes: number): number {
  return HEADER_BYTES + count * ENTRY_BYTES + groupCount * GROUP_BYTES + textBytes;
}

function columnsOf(buffer: ArrayBuffer, count: number, groupCount: number): TelemetryColumns {
  let at = HEADER_BYTES;
  const take = <T>(make: (offset: number) => T, bytes: number): T => {
    const view = make(at);
    at += bytes;
    return view;
  };
  return {
    values: take((o) => new Float64Array(buffer, o, count), count * 8),
    sourceTimes: take((o) => new Float64Array(buffer, o, count), count * 8),
    groupConfirmTimes: take((o) => new Float64Array(buffer, o, groupCount), groupCount * 8),
    ids: take((o) => new Uint32Array(buffer, o, count), count * 4),
    groupIds: take((o) => new Uint32Array(buffer, o, groupCount), groupCount * 4),
    groups: take((o) => new Uint16Array(buffer, o, count), count * 2),
    quality: take((o) => new Uint8Array(buffer, o, count), count),
  };
}

/** The UTF-8 text section for these entries (empty when there are none). */
export function encodeTexts(texts: readonly TelemetryText[]): Uint8Array {
  return texts.length > 0 ? encoder.encode(JSON.stringify(texts)) : new Uint8Array(0);
}

/** Allocates a frame with its header written; the caller fills the returned columns (the engine encodes from its slots). */
export function allocateTelemetry(seq: number, engineTime: number, dropped: number, count: number, groupCount: number, texts: Uint8Array): { buffer: ArrayBuffer; columns: TelemetryColumns } {
  const buffer = new ArrayBuffer(frameBytes(count, groupCount, texts.length));
  const header = new DataView(buffer);
  header.setUint32(0, TELEMETRY_MAGIC, true);
  header.setUint32(4, seq >>> 0, true);
  header.setFloat64(8, engineTime, true);
  header.setUint32(16, Math.min(dropped, 0xffffffff), true);
  header.setUint32(20, count, true);
  header.setUint32(24, texts.length, true);
  header.setUint32(28, groupCount, true);
  new Uint8Array(buffer, frameBytes(count, groupCount, 0)).set(texts);
  return { buffer, columns: columnsOf(buffer, count, groupCount) };
}

/** Encodes values (and confirmation times by group) into one transferable buffer. */
export function encodeTelemetry(seq: number, engineTime: number, dropped: number, entries: Iterable<[number, TelemetryValue]>, confirmations: Iterable<[number, number]> = []): ArrayBuffer {
  const list = [...entries];
  const groups = [...confirmations];
  const texts: TelemetryText[] = [];
  for (const [id, v] of list) {
    if (typeof v.value === 'string') texts.push([id, v.value]);
    else if (typeof v.value === 'bigint') texts.push([id, v.value.toString(), 'int64']);
  }
  const { buffer, columns } = allocateTelemetry(seq, engineTime, dropped, list.length, groups.length, encodeTexts(texts));
  list.forEach(([id, v], i) => {
    columns.ids[i] = id;
    columns.values[i] = typeof v.value === 'string' ? Number.NaN : Number(v.value);
    columns.sourceTimes[i] = v.sourceTime;
    columns.quality[i] = v.quality;
    columns.groups[i] = v.group ?? NO_GROUP;
  });
  groups.forEach(([group, time], i) => {
    columns.groupIds[i] = group;
    columns.groupConfirmTimes[i] = time;
  });
  return buffer;
}

/** Decodes a frame; returns an error message for anything that is not a well-formed frame. */
export function decodeTelemetry(buffer: ArrayBuffer): TelemetryFrame | { error: string } {
  if (buffer.byteLength < HEADER_BYTES) return { error: `telemetry frame too short (${buffer.byteLength} bytes)` };
  const header = new DataView(buffer);
  if (header.getUint32(0, true) !== TELEMETRY_MAGIC) return { error: 'not a telemetry frame (bad magic)' };
  const count = header.getUint32(20, true);
  const textLength = header.getUint32(24, true);
  const groupCount = header.getUint32(28, true);
  if (buffer.byteLength !== frameBytes(count, groupCount, textLength)) return { error: 'telemetry frame length does not match its header' };
  const texts = new Map<number, string>();
  const integers = new Map<number, bigint>();
  if (textLength > 0) {
    const error = decodeTexts(new Uint8Array(buffer, frameBytes(count, groupCount, 0), textLength), texts, integers);
    if (error) return { error };
  }
  return {
    seq: header.getUint32(4, true),
    engineTime: header.getFloat64(8, true),
    dropped: header.getUint32(16, true),
    ...columnsOf(buffer, count, groupCount),
    texts,
    integers,
  };
}

function decodeTexts(bytes: Uint8Array, texts: Map<number, string>, integers: Map<number, bigint>): string | undefined {
  let pairs: unknown;
  try {
    pairs = JSON.parse(decoder.decode(bytes));
  } catch {
    return 'telemetry text section is not JSON';
  }
  if (!Array.isArray(pairs)) return 'telemetry text section is not a list';
  for (const pair of pairs) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'number' || typeof pair[1] !== 'string') return 'bad telemetry text entry';
    if (pair.length === 2) texts.set(pair[0], pair[1]);
    else if (pair.length === 3 && pair[2] === 'int64' && /^-?\d{1,20}$/.test(pair[1])) integers.set(pair[0], BigInt(pair[1]));
    else return 'bad telemetry text entry';
  }
  return undefined;
}
