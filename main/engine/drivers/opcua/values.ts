/** Conversions between OPC UA DataValues/Variants and the engine's samples and typed values. */
import { DataType, StatusCodes, type DataValue } from 'node-opcua';
import { Quality } from '../../../../shared/contract/telemetry';
import type { DataType as SiteDataType } from '../../../../shared/site/data-types';
import type { Sample, TagBinding } from '../driver';
import { variantToSampleValue } from './variant-output';

export { toVariant, type VariantInputOptions } from './variant-input';
export { variantToPlain, variantTypeName, type PlainValue } from './variant-output';

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

/** A monitored/read DataValue as a sample of `binding`, in engineering units; unscaled Int64/UInt64 stay exact (bigint). */
export function toSample(binding: TagBinding, dataValue: DataValue, receivedAt = Date.now()): Sample {
  const raw = variantToSampleValue(dataValue.value);
  const { scale, offset } = binding.tag;
  const scaled = scale !== 1 || offset !== 0;
  const value = scaled && (typeof raw === 'number' || typeof raw === 'bigint') ? Number(raw) * scale + offset : raw;
  // A Good status around no value at all (Null) is no value to show as good.
  const empty = dataValue.value === null || dataValue.value === undefined || dataValue.value.dataType === DataType.Null;
  return { signalId: binding.signalId, value, quality: empty ? Quality.bad : qualityOf(dataValue), sourceTime: dataValue.sourceTimestamp?.getTime() ?? dataValue.serverTimestamp?.getTime() ?? receivedAt };
}
