/** Values typed by people (CLI, maintenance panel) → typed raw values, with a clear refusal for bad text. */
import type { DataType } from '../../../../shared/site/data-types';
import { CodecError, type RawValue } from './codecs';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses `text` as a value of `type`; range checks happen in the codec. */
export function parseValueText(text: string, type: DataType): RawValue {
  const trimmed = text.trim();
  switch (type) {
    case 'bool': {
      const lower = trimmed.toLowerCase();
      if (['1', 'true', 'on'].includes(lower)) return true;
      if (['0', 'false', 'off'].includes(lower)) return false;
      throw new CodecError(`"${text}" is not a bool (use true/false, 1/0 or on/off)`);
    }
    case 'string':
      return text;
    case 'int64':
    case 'uint64':
      if (!INTEGER.test(trimmed)) throw new CodecError(`"${text}" is not an integer (${type})`);
      return BigInt(trimmed);
    case 'float32':
    case 'float64':
      if (!DECIMAL.test(trimmed)) throw new CodecError(`"${text}" is not a finite number (${type})`);
      return Number(trimmed);
    default:
      if (!INTEGER.test(trimmed)) throw new CodecError(`"${text}" is not an integer (${type})`);
      return Number(trimmed);
  }
}

/** A raw value in a form JSON can carry exactly: 64-bit integers and non-finite floats as text. */
export function toJsonValue(value: RawValue): number | string | boolean {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
