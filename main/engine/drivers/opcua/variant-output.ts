/**
 * OPC UA Variants → values JSON carries exactly: 64-bit integers as decimal text, DateTime as ISO 8601 with ms (UTC
 * 'Z'), ByteString as hex, NaN/±Infinity as text, Float as its shortest decimal. Samples keep 64-bit integers as bigint.
 */
import { DataType, StatusCode, VariantArrayType, type Variant } from 'node-opcua';
import { shortestFloat32 } from '../numbers';

/** A value as the contract carries it. */
export type PlainValue = number | string | boolean | null;

/** The exact integer of an Int64/UInt64 value as node-opcua decodes it ([high, low] unsigned halves). */
export function int64FromPair(value: unknown, signed: boolean): bigint | undefined {
  let bits: bigint;
  if (typeof value === 'bigint') bits = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) bits = BigInt(value);
  else if (Array.isArray(value) && value.length === 2 && value.every((half) => Number.isInteger(half) && half >= 0 && half <= 0xffff_ffff)) {
    bits = (BigInt(value[0] as number) << 32n) | BigInt(value[1] as number);
  } else return undefined;
  return signed ? BigInt.asIntN(64, bits) : BigInt.asUintN(64, bits);
}

function finiteOrText(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** One scalar of built-in type `dataType` as a JSON-exact value. */
export function scalarToPlain(value: unknown, dataType: DataType): PlainValue {
  if (value === null || value === undefined) return null;
  switch (dataType) {
    case DataType.Int64:
    case DataType.UInt64:
      return int64FromPair(value, dataType === DataType.Int64)?.toString() ?? String(value);
    case DataType.Float:
      return typeof value === 'number' ? finiteOrText(shortestFloat32(value)) : String(value);
    case DataType.DateTime:
      return value instanceof Date ? (Number.isNaN(value.getTime()) ? null : value.toISOString()) : String(value);
    case DataType.ByteString:
      return Buffer.isBuffer(value) ? value.toString('hex') : String(value);
    case DataType.LocalizedText:
      return String((value as { text?: string | null }).text ?? '');
    case DataType.StatusCode:
      return value instanceof StatusCode ? value.name : String(value);
    default:
      if (typeof value === 'number') return finiteOrText(value);
      if (typeof value === 'string' || typeof value === 'boolean') return value;
      return String(value);
  }
}

/** A Variant's value as a JSON-exact value; arrays and matrices become JSON text of their elements. */
export function variantToPlain(variant: Variant | null | undefined): PlainValue {
  if (!variant || variant.value === null || variant.value === undefined) return null;
  if (variant.arrayType !== VariantArrayType.Scalar) {
    const elements = Array.from(variant.value as ArrayLike<unknown>, (element) => scalarToPlain(element, variant.dataType));
    return JSON.stringify(elements);
  }
  return scalarToPlain(variant.value, variant.dataType);
}

/** A Variant's value for a sample: like variantToPlain, but Int64/UInt64 stay exact as bigint. */
export function variantToSampleValue(variant: Variant | null | undefined): number | string | boolean | bigint {
  if (variant && variant.arrayType === VariantArrayType.Scalar && (variant.dataType === DataType.Int64 || variant.dataType === DataType.UInt64)) {
    const exact = int64FromPair(variant.value, variant.dataType === DataType.Int64);
    if (exact !== undefined) return exact;
  }
  // Non-finite numbers travel as numbers in telemetry (a Float64 column holds them); only JSON needs text.
  if (variant && variant.arrayType === VariantArrayType.Scalar && typeof variant.value === 'number') return variant.dataType === DataType.Float ? shortestFloat32(variant.value) : variant.value;
  const plain = variantToPlain(variant);
  return plain === null ? Number.NaN : plain;
}

/** The built-in type name of a Variant (Int64, DateTime, …), as the contract reports it. */
export function variantTypeName(variant: Variant | null | undefined): string | undefined {
  return variant ? DataType[variant.dataType] : undefined;
}
