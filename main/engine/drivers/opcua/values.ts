/** Conversions between OPC UA DataValues/Variants and the engine's samples and typed values. */
import { DataType, StatusCodes, type DataValue } from 'node-opcua';
import { Quality } from '../../../../shared/contract/telemetry';
import type { DataType as SiteDataType } from '../../../../shared/site/data-types';
import type { Sample, TagBinding } from '../driver';
import { qualityOfValue } from '../numbers';
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

/** Quality by the top two bits of a status code, its severity: 0 Good, 1 Uncertain, 2 and 3 Bad. */
const QUALITY_BY_SEVERITY = [Quality.good, Quality.uncertain, Quality.bad, Quality.bad] as const;

/**
 * Quality of a status code by its severity alone. node-opcua's isGood() is true only for a status of exactly 0, so a
 * Good value with info bits (LimitHigh, the Overflow bit of a queue that overflowed) or a Good sub-code would read
 * uncertain, and interlocks and read-back checks would refuse it. GoodLocalOverride counts as good on purpose: OPC UA
 * gives it Good severity, the value is the one in effect at the device (a local operator or a forced input set it),
 * and an interlock must judge the value the equipment acts on; who set it is the device's business, not quality.
 */
export function qualityOf(dataValue: DataValue): Quality {
  const status = dataValue.statusCode ?? StatusCodes.Good;
  const quality = QUALITY_BY_SEVERITY[status.value >>> 30] as Quality;
  // StructureChanged / SemanticsChanged: the value's type, units or range may have changed (Part 4: not to be used
  // before its metadata is read again), so a Good value with either bit is doubtful.
  return quality === Quality.good && (status.value & METADATA_CHANGED) !== 0 ? Quality.uncertain : quality;
}

/** The StructureChanged (0x8000) and SemanticsChanged (0x4000) bits of a status code. */
const METADATA_CHANGED = 0xc000;

/** A monitored/read DataValue as a sample of `binding`, in engineering units; unscaled Int64/UInt64 stay exact (bigint). */
export function toSample(binding: TagBinding, dataValue: DataValue, receivedAt = Date.now()): Sample {
  const raw = variantToSampleValue(dataValue.value);
  const { scale, offset } = binding.tag;
  const scaled = scale !== 1 || offset !== 0;
  const value = scaled && (typeof raw === 'number' || typeof raw === 'bigint') ? Number(raw) * scale + offset : raw;
  // A Good status around no value at all (Null) is no value to show as good.
  const empty = dataValue.value === null || dataValue.value === undefined || dataValue.value.dataType === DataType.Null;
  return { signalId: binding.signalId, value, quality: empty ? Quality.bad : qualityOfValue(value, qualityOf(dataValue), Quality.bad), sourceTime: dataValue.sourceTimestamp?.getTime() ?? dataValue.serverTimestamp?.getTime() ?? receivedAt };
}
