/**
 * User input (CLI text or a contract value) → an OPC UA Variant of a built-in scalar type, range-checked, with a
 * clear refusal for anything that does not fit. Never lets node-opcua see a value it would reject or silently bend
 * (Float 1e39 → Infinity, a double for an Int64, an epoch number for a DateTime).
 */
import { DataType, Variant, VariantArrayType } from 'node-opcua';
import { exactInteger, INT64_RANGE, UINT64_RANGE } from '../numbers';

/** Options of one conversion. */
export interface VariantInputOptions {
  /** Accept NaN and ±Infinity for Float/Double (refused unless explicitly allowed). */
  allowNonFinite?: boolean;
}

/** A refused input, in the user's terms. */
export interface InputError {
  error: string;
}

const SMALL_INTEGERS: Partial<Record<DataType, readonly [number, number]>> = {
  [DataType.SByte]: [-128, 127],
  [DataType.Byte]: [0, 255],
  [DataType.Int16]: [-32768, 32767],
  [DataType.UInt16]: [0, 65535],
  [DataType.Int32]: [-2147483648, 2147483647],
  [DataType.UInt32]: [0, 4294967295],
};

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const NON_FINITE: Record<string, number> = { nan: Number.NaN, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity, inf: Infinity, '+inf': Infinity, '-inf': -Infinity };
/** ISO 8601 date-time with an explicit zone (Z or ±hh:mm); fractions beyond ms are refused rather than cut. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
/** OPC UA DateTime spans 1601-01-01 .. 9999-12-31 (UTC). */
const DATE_MIN = Date.UTC(1601, 0, 1);
const DATE_MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The [high, low] pair of unsigned 32-bit halves node-opcua uses for Int64/UInt64 (two's complement). */
export function int64Pair(value: bigint): [number, number] {
  const bits = BigInt.asUintN(64, value);
  return [Number(bits >> 32n), Number(bits & 0xffff_ffffn)];
}

/** Coerces `value` to a Variant of the scalar `dataType`; returns an error message when it cannot. */
export function toVariant(value: unknown, dataType: DataType, options: VariantInputOptions = {}): Variant | InputError {
  const typeName = DataType[dataType] ?? `type ${dataType}`;
  const make = (v: unknown) => new Variant({ dataType, arrayType: VariantArrayType.Scalar, value: v });
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'bigint') return { error: `a ${value === null ? 'null' : typeof value} is not a ${typeName}` };
  switch (dataType) {
    case DataType.Boolean:
      return oneOf(toBoolean(value), make);
    case DataType.SByte:
    case DataType.Byte:
    case DataType.Int16:
    case DataType.UInt16:
    case DataType.Int32:
    case DataType.UInt32: {
      const [min, max] = SMALL_INTEGERS[dataType] as readonly [number, number];
      const int = exactInteger(typeof value === 'boolean' ? Number(value) : value, typeName);
      if (typeof int !== 'bigint') return int;
      if (int < BigInt(min) || int > BigInt(max)) return { error: `${int} is out of range for ${typeName} (${min}..${max})` };
      return make(Number(int));
    }
    case DataType.Int64:
    case DataType.UInt64: {
      const [min, max] = dataType === DataType.Int64 ? INT64_RANGE : UINT64_RANGE;
      const int = exactInteger(value, typeName);
      if (typeof int !== 'bigint') return int;
      if (int < min || int > max) return { error: `${int} is out of range for ${typeName} (${min}..${max})` };
      return make(int64Pair(int));
    }
    case DataType.Float:
    case DataType.Double:
      return oneOf(toFloat(value, dataType === DataType.Float, typeName, options), make);
    case DataType.String:
    case DataType.XmlElement:
      return make(String(value));
    case DataType.DateTime:
      return oneOf(toDate(value), make);
    case DataType.Guid: {
      const match = typeof value === 'string' ? GUID.exec(value.trim()) : null;
      if (!match) return { error: `"${String(value)}" is not a Guid (e.g. 72962b91-fa75-4ae6-8d28-b404dc7daf63)` };
      return make((match[1] as string).toUpperCase());
    }
    case DataType.ByteString:
      return oneOf(toBytes(value), make);
    default:
      return { error: `writing ${typeName} values is not supported; writable types: Boolean, SByte, Byte, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float, Double, String, DateTime, Guid, ByteString` };
  }
}

function oneOf<T>(result: T | InputError, make: (v: T) => Variant): Variant | InputError {
  return typeof result === 'object' && result !== null && 'error' in result ? (result as InputError) : make(result as T);
}

function toBoolean(value: string | number | boolean | bigint): boolean | InputError {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', '1', 'on'].includes(text)) return true;
  if (['false', '0', 'off'].includes(text)) return false;
  return { error: `"${String(value)}" is not a Boolean (true/false, 1/0, on/off)` };
}

function toFloat(value: string | number | boolean | bigint, float32: boolean, typeName: string, options: VariantInputOptions): number | InputError {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'bigint') number = Number(value);
  else if (typeof value === 'boolean') return { error: `a boolean is not a ${typeName}` };
  else {
    const text = value.trim();
    if (text === '') return { error: `empty value is not a ${typeName}` };
    const special = NON_FINITE[text.toLowerCase()];
    if (special === undefined && !DECIMAL.test(text)) return { error: `"${value}" is not a number (${typeName})` };
    number = special ?? Number(text);
  }
  if (!Number.isFinite(number)) {
    if (options.allowNonFinite) return number;
    return { error: `${String(value).trim()} refused: NaN and ±Infinity are written only when explicitly allowed (${typeName})` };
  }
  // Refuse what float32 cannot hold instead of letting it become Infinity; text that rounds to Float max is fine.
  if (float32 && !Number.isFinite(Math.fround(number))) return { error: `${String(value).trim()} is out of range for Float (±3.4028234663852886e38)` };
  return number;
}

function toDate(value: string | number | boolean | bigint): Date | InputError {
  const hint = 'give DateTime as ISO 8601 text with a zone, e.g. 2024-05-06T07:08:09.123Z';
  if (typeof value !== 'string') return { error: `${String(value)} is not a DateTime: ${hint}` };
  const text = value.trim();
  if (!ISO_DATE_TIME.test(text)) return { error: `"${value}" is not a DateTime: ${hint}` };
  const ms = Date.parse(text);
  // Date.parse rolls 2024-02-30 over to March; a date must name a real day and time.
  const [year, month, day, hour, minute, second] = text.split(/[-T:.Z+]/).map(Number) as number[];
  const realDay = (day as number) <= new Date(Date.UTC(year as number, month as number, 0)).getUTCDate() && (month as number) >= 1 && (month as number) <= 12;
  if (Number.isNaN(ms) || !realDay || (hour as number) > 23 || (minute as number) > 59 || (second ?? 0) > 59) return { error: `"${value}" is not a valid date: ${hint}` };
  if (ms < DATE_MIN || ms > DATE_MAX) return { error: `"${value}" is out of range for DateTime (1601-01-01 .. 9999-12-31 UTC)` };
  return new Date(ms);
}

function toBytes(value: string | number | boolean | bigint): Buffer | InputError {
  const hint = 'give ByteString as hex, e.g. 00ff10 or 00 ff 10';
  if (typeof value !== 'string') return { error: `${String(value)} is not a ByteString: ${hint}` };
  const hex = value.trim().replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (!/^[0-9a-f]*$/i.test(hex)) return { error: `"${value}" is not hex: ${hint}` };
  if (hex.length % 2 !== 0) return { error: `"${value}" has an odd number of hex digits: ${hint}` };
  return Buffer.from(hex, 'hex');
}
