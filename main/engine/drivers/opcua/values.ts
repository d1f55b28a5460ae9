/** Conversions between OPC UA DataValues/Variants and the engine's samples and typed values. */
import { DataType, StatusCodes, Variant, type DataValue } from 'node-opcua';
import { Quality } from '../../../../shared/contract/telemetry';
import type { DataType as SiteDataType } from '../../../../shared/site/data-types';
import type { Sample, TagBinding } from '../driver';

/** OPC UA built-in type of each site data type. */
export const SITE_TO_UA: Record<SiteDataType, DataType> = {
  bool: DataType.Boolean,
  int16: DataType.Int16,
  uint16: DataType.UInt16,
  int32: DataType.Int32,
  uint32: DataType.UInt32,
  float32: DataType.Float,
  float64: DataType.Double,
  int64: DataType.Int64,
  uint64: DataType.UInt64,
  string: DataType.String,
};

/** Names accepted by `--type` / `opcua.write` `type` (site names and OPC UA names, case-insensitive). */
export function dataTypeByName(name: string): DataType | undefined {
  const site = SITE_TO_UA[name.toLowerCase() as SiteDataType];
  if (site !== undefined) return site;
  const match = Object.keys(DataType).find((k) => Number.isNaN(Number(k)) && k.toLowerCase() === name.toLowerCase());
  return match ? (DataType[match as keyof typeof DataType] as DataType) : undefined;
}

/** Quality of a status code. */
export function qualityOf(dataValue: DataValue): Quality {
  const status = dataValue.statusCode ?? StatusCodes.Good;
  if (status.isGood()) return Quality.good;
  if (status.isGoodish() || (status.value & 0x40000000) !== 0) return Quality.uncertain;
  return Quality.bad;
}

/** A plain JS value of a Variant (bigint-like 64-bit pairs become numbers, byte strings hex). */
export function plainValue(value: unknown): number | string | boolean {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number') return value[0] * 2 ** 32 + value[1]; // [high, low] 64-bit
  if (value instanceof Date) return value.getTime();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (value === null || value === undefined) return Number.NaN;
  return typeof (value as { toString?: () => string }).toString === 'function' ? String(value) : JSON.stringify(value);
}

/** A monitored/read DataValue as a sample of `binding`, in engineering units. */
export function toSample(binding: TagBinding, dataValue: DataValue, receivedAt = Date.now()): Sample {
  const raw = plainValue(dataValue.value?.value);
  const { scale, offset } = binding.tag;
  const value = typeof raw === 'number' && (scale !== 1 || offset !== 0) ? raw * scale + offset : raw;
  return { signalId: binding.signalId, value, quality: qualityOf(dataValue), sourceTime: dataValue.sourceTimestamp?.getTime() ?? dataValue.serverTimestamp?.getTime() ?? receivedAt };
}

/** Coerces user input (CLI text or a contract value) to a Variant of `dataType`; returns an error message when it cannot. */
export function toVariant(value: unknown, dataType: DataType): Variant | { error: string } {
  const typeName = DataType[dataType];
  if (dataType === DataType.String) return new Variant({ dataType, value: String(value) });
  if (dataType === DataType.Boolean) {
    if (typeof value === 'boolean') return new Variant({ dataType, value });
    const text = String(value).toLowerCase();
    if (['true', '1', 'on'].includes(text)) return new Variant({ dataType, value: true });
    if (['false', '0', 'off'].includes(text)) return new Variant({ dataType, value: false });
    return { error: `"${String(value)}" is not a Boolean (true/false)` };
  }
  const number = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : Number(String(value).trim());
  if (typeof value === 'string' && value.trim() === '') return { error: `empty value is not a ${typeName}` };
  if (!Number.isFinite(number)) return { error: `"${String(value)}" is not a ${typeName}` };
  const integer = INTEGER_RANGES[typeName];
  if (integer) {
    if (!Number.isInteger(number)) return { error: `${number} is not an integer (${typeName})` };
    if (number < integer[0] || number > integer[1]) return { error: `${number} is out of range for ${typeName} (${integer[0]}..${integer[1]})` };
    if (dataType === DataType.Int64 || dataType === DataType.UInt64) return new Variant({ dataType, value: [Math.floor(number / 2 ** 32), number >>> 0] });
  }
  return new Variant({ dataType, value: number });
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  SByte: [-128, 127],
  Byte: [0, 255],
  Int16: [-32768, 32767],
  UInt16: [0, 65535],
  Int32: [-2147483648, 2147483647],
  UInt32: [0, 4294967295],
  Int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  UInt64: [0, Number.MAX_SAFE_INTEGER],
};
