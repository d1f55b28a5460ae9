/**
 * One chunk of one signal's history: up to MAX_CHUNK_SAMPLES consecutive samples within MAX_CHUNK_SPAN_MS, packed in
 * one blob. SQLite's cost is per row, so a row per chunk instead of a row per sample cuts the history thread's CPU
 * per stored sample by more than half (test/bench/history-fill.ts).
 *
 * Blob layout (little-endian, as on every platform the console ships on):
 *   u8 kind (1: every value a finite number, 2: values as a JSON array), 3 bytes padding,
 *   n × i32 time offsets from t0 (ms), n × u8 qualities, padding to a multiple of 8,
 *   kind 1: n × f64 values; kind 2: the UTF-8 JSON array of the values (numbers and texts).
 * Kind 3, numbers with ascending times, is about a third smaller: chunk-compact.ts. Kind 1 is still written where
 * times do not ascend, and read in files of earlier versions.
 * Pure: never touches the database.
 */
import { Quality } from '../../../shared/contract/telemetry';
import { compactPlan, DamagedChunkError, decodeCompact, KIND_COMPACT, writeCompact, type CompactSource } from './chunk-compact';
export { DamagedChunkError } from './chunk-compact';
import type { SampleColumnsData } from './sample-columns';

/** A chunk never spans more than this (a range query looks this far before its start for chunks reaching into it). */
export const MAX_CHUNK_SPAN_MS = 60_000;
/** Nor holds more samples than this. */
export const MAX_CHUNK_SAMPLES = 4096;

const KIND_NUMBERS = 1;
const KIND_JSON = 2;
const HEADER = 4;

/**
 * Qualities that carry a usable value: good and uncertain. An uncertain value still counts in a trend's buckets (it is
 * the value there was); trendEdges returns its periods so a chart draws them apart from the good line.
 */
export function isUsable(quality: number): boolean {
  return quality === Quality.good || quality === Quality.uncertain;
}

/**
 * Whether a sample draws: a usable quality and a finite number. A usable quality on anything else (a text, or a NaN,
 * which a chunk stores as JSON null) is no value to draw, so trends treat it as the start of a gap, as a bad sample.
 */
export function isGoodNumber(value: unknown, quality: number): value is number {
  return isUsable(quality) && typeof value === 'number' && Number.isFinite(value);
}

/** Whether a sample draws as an uncertain value (the device doubts it): a finite number of uncertain quality. */
export function isUncertainNumber(value: unknown, quality: number): value is number {
  return quality === Quality.uncertain && isGoodNumber(value, quality);
}

/** A chunk ready to insert. */
export interface EncodedChunk {
  t0: number;
  t1: number;
  n: number;
  data: Uint8Array;
}

/** Samples of one signal in time order, as columns. */
export interface SeriesColumns {
  t: number[];
  v: (number | string)[];
  q: number[];
}

const valuesOffset = (n: number) => Math.ceil((HEADER + 5 * n) / 8) * 8;

/**
 * Scratch space for the chunks of one INSERT, which binds (copies) them: an encode then takes a slice of it instead of
 * allocating a buffer and two views of its own (a third of the repack's JavaScript time at 40-sample chunks). What
 * was handed out stays valid until `reset`; growing moves on to a new buffer and leaves the old one to those slices.
 */
export class ChunkArena {
  bytes = new Uint8Array(1 << 16);
  i32 = new Int32Array(this.bytes.buffer);
  f64 = new Float64Array(this.bytes.buffer);
  f32 = new Float32Array(this.bytes.buffer);
  private used = 0;

  /** The offset of `size` free bytes, 8-aligned (a chunk's f64 values then fall on f64 boundaries). */
  take(size: number): number {
    const at = this.used;
    if (at + size > this.bytes.byteLength) {
      this.bytes = new Uint8Array(Math.max(2 * this.bytes.byteLength, 2 * size));
      this.i32 = new Int32Array(this.bytes.buffer);
      this.f64 = new Float64Array(this.bytes.buffer);
      this.f32 = new Float32Array(this.bytes.buffer);
      this.used = 0;
      return this.take(size);
    }
    this.used = Math.ceil((at + size) / 8) * 8;
    return at;
  }

  /** Forgets every slice handed out (once the rows holding them were inserted). */
  reset(): void {
    this.used = 0;
  }
}

/**
 * Encodes rows `rows[from..to)` of a batch (indexes into its columns, in time order, times already rounded in
 * `times`) as one chunk, in `arena` when given (numbers only; texts always get a buffer of their own). The caller
 * keeps the span and count within the limits.
 */
export function encodeChunk(batch: SampleColumnsData, rows: ArrayLike<number>, from: number, to: number, times: ArrayLike<number>, arena?: ChunkArena): EncodedChunk {
  const n = to - from;
  const t0 = times[rows[from] as number] as number;
  const t1 = times[rows[to - 1] as number] as number;
  let numbers = true;
  if (batch.texts.size > 0) for (let k = from; k < to && numbers; k++) numbers = !batch.texts.has(rows[k] as number);
  const source: CompactSource = { rows, from, n, times, values: batch.values, qualities: batch.qualities };
  const plan = numbers ? compactPlan(source) : undefined;
  if (plan) {
    const base = arena ? arena.take(plan.size) : 0;
    const bytes = arena?.bytes ?? new Uint8Array(plan.size);
    const into = arena ?? { bytes, f32: new Float32Array(bytes.buffer), f64: new Float64Array(bytes.buffer, 0, Math.floor(plan.size / 8)) };
    writeCompact(source, plan.flags, into, base, plan.size);
    return { t0, t1, n, data: into.bytes.subarray(base, base + plan.size) };
  }
  if (numbers && arena) return { t0, t1, n, data: encodeNumbersIn(arena, batch, rows, from, n, times, t0) };
  const at = valuesOffset(n);
  const json = numbers ? undefined : new TextEncoder().encode(JSON.stringify(Array.from({ length: n }, (_, k) => batch.texts.get(rows[from + k] as number) ?? (batch.values[rows[from + k] as number] as number))));
  const data = new Uint8Array(at + (json ? json.byteLength : 8 * n));
  data[0] = numbers ? KIND_NUMBERS : KIND_JSON;
  // Typed views in the platform's order, which is little-endian wherever the console ships (as batch-codec.ts).
  const offsets = new Int32Array(data.buffer, HEADER, n);
  const values = json ? undefined : new Float64Array(data.buffer, at, n);
  const qualities = HEADER + 4 * n;
  for (let k = 0; k < n; k++) {
    const row = rows[from + k] as number;
    offsets[k] = (times[row] as number) - t0;
    data[qualities + k] = batch.qualities[row] as number;
    if (values) values[k] = batch.values[row] as number;
  }
  if (json) data.set(json, at);
  return { t0, t1, n, data };
}

/** A numbers-only chunk written into the arena through its whole-buffer views; the same bytes as encodeChunk's. */
function encodeNumbersIn(arena: ChunkArena, batch: SampleColumnsData, rows: ArrayLike<number>, from: number, n: number, times: ArrayLike<number>, t0: number): Uint8Array {
  const at = valuesOffset(n);
  const base = arena.take(at + 8 * n);
  const { bytes, i32, f64 } = arena;
  bytes.fill(0, base, base + at); // the header's and the qualities' padding: reused memory holds old bytes
  bytes[base] = KIND_NUMBERS;
  const offsets = (base + HEADER) / 4;
  const qualities = base + HEADER + 4 * n;
  const values = (base + at) / 8;
  for (let k = 0; k < n; k++) {
    const row = rows[from + k] as number;
    i32[offsets + k] = (times[row] as number) - t0;
    bytes[qualities + k] = batch.qualities[row] as number;
    f64[values + k] = batch.values[row] as number;
  }
  return bytes.subarray(base, base + at + 8 * n);
}

/** Appends a chunk's samples with `from <= t < to` to `into` (in the chunk's order). */
export function decodeChunk(t0: number, n: number, data: Uint8Array, from: number, to: number, into: SeriesColumns): void {
  if (data[0] === KIND_COMPACT) return decodeCompact(t0, n, data, from, to, into);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const at = valuesOffset(n);
  const kind = data[0];
  // A kind this version does not know is a newer version's, not damage: never treated as such (compaction would drop it).
  if (kind !== KIND_NUMBERS && kind !== KIND_JSON) throw new Error(`history chunk of unknown kind ${String(kind)} (written by a newer version?)`);
  const texts = kind === KIND_JSON ? jsonValues(data, at, n) : undefined;
  if (!texts && data.byteLength !== at + 8 * n) throw new DamagedChunkError('history chunk is damaged: its length does not fit its samples');
  for (let k = 0; k < n; k++) {
    const t = t0 + view.getInt32(HEADER + 4 * k, true);
    if (t < from || t >= to) continue;
    into.t.push(t);
    into.q.push(data[HEADER + 4 * n + k] as number);
    into.v.push(texts ? (texts[k] as number | string) : view.getFloat64(at + 8 * k, true));
  }
}

/** A JSON chunk's values, n of them, or a DamagedChunkError. */
function jsonValues(data: Uint8Array, at: number, n: number): (number | string)[] {
  let values: unknown;
  try {
    values = data.byteLength > at ? JSON.parse(new TextDecoder().decode(data.subarray(at))) : undefined;
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values.length !== n) throw new DamagedChunkError('history chunk is damaged: its values do not read back');
  return values as (number | string)[];
}

/** A series gathered from overlapping sources: sorted by time, the latest write (highest seq) of each millisecond kept. */
export function sortedUnique(s: SeriesColumns, seqs: readonly number[]): SeriesColumns {
  const idx = s.t.map((_, k) => k).sort((a, b) => (s.t[a] as number) - (s.t[b] as number) || (seqs[a] as number) - (seqs[b] as number) || a - b);
  const out: SeriesColumns = { t: [], v: [], q: [] };
  idx.forEach((k, i) => {
    const next = idx[i + 1];
    if (next !== undefined && s.t[next] === s.t[k]) return;
    out.t.push(s.t[k] as number);
    out.v.push(s.v[k] as number | string);
    out.q.push(s.q[k] as number);
  });
  return out;
}
