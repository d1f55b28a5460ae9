/** Engineering units ↔ raw values: `engineering = raw × scale + offset`. Pure. */
import type { DataType } from '../../../../shared/site/data-types';
import { CodecError, integerRange, type RawValue } from './codecs';

/** Scale and offset of a tag (identity is scale 1, offset 0). */
export interface Scaling {
  scale: number;
  offset: number;
}

const IDENTITY: Scaling = { scale: 1, offset: 0 };

function isIdentity(s: Scaling): boolean {
  return s.scale === 1 && s.offset === 0;
}

/** Raw → engineering. Unscaled 64-bit integers stay bigint (exact); scaled ones become numbers. */
export function toEngineering(raw: RawValue, scaling: Scaling = IDENTITY): RawValue {
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (isIdentity(scaling)) return raw;
  return Number(raw) * scaling.scale + scaling.offset;
}

/**
 * Engineering → raw. Scaled integer tags are quantized (rounded to the nearest step); an unscaled integer type
 * refuses fractions instead of silently truncating them.
 */
export function toRaw(value: RawValue, type: DataType, scaling: Scaling = IDENTITY): RawValue {
  if (typeof value === 'string' || typeof value === 'boolean' || isIdentity(scaling)) return value;
  if (typeof value === 'bigint') value = Number(value);
  if (!Number.isFinite(value)) throw new CodecError(`${value} refused: NaN and Infinity are never written (${type})`);
  const raw = (value - scaling.offset) / scaling.scale;
  return integerRange(type) ? Math.round(raw) : raw;
}
