/** Pure number helpers both protocol drivers need: float32 limits and exact 64-bit integer text. */

/** Largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** The shortest decimal that is the same float32, so 0.1f reads as 0.1 (what Modbus Poll shows), not 0.10000000149011612. */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** Inclusive ranges of the 64-bit integer types. */
export const INT64_RANGE = [-(2n ** 63n), 2n ** 63n - 1n] as const;
/** Inclusive range of UInt64. */
export const UINT64_RANGE = [0n, 2n ** 64n - 1n] as const;

const INTEGER_TEXT = /^[+-]?\d+$/;

/**
 * An exact integer from a bigint, decimal text or a safe-integer number; an error message otherwise.
 * Unsafe doubles are refused: 9007199254740993 as a double is already 9007199254740992.
 */
export function exactInteger(value: unknown, typeName: string): bigint | { error: string } {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { error: `${value} is not a finite number (${typeName})` };
    if (!Number.isInteger(value)) return { error: `${value} is not an integer (${typeName})` };
    if (!Number.isSafeInteger(value)) return { error: `${value} is beyond exact double precision; give ${typeName} values as decimal text` };
    return BigInt(value);
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return { error: `empty value is not a ${typeName}` };
    if (!INTEGER_TEXT.test(text)) return { error: `"${value}" is not an integer (${typeName})` };
    return BigInt(text);
  }
  return { error: `a ${typeof value} is not a ${typeName}` };
}

/**
 * A device's NaN or ±Infinity (a float register's "sensor fault" or overflow) is no reading: such a value is sent bad,
 * never good. Other values keep the quality they came with.
 */
export function qualityOfValue<Q>(value: unknown, quality: Q, bad: Q): Q {
  return typeof value === 'number' && !Number.isFinite(value) ? bad : quality;
}
