/** Where a bound tag lives on the device and how its value is cut out of a read block. */
import { parseModbusAddress, type ModbusTable } from '../../../../shared/site/data-types';
import type { TagBinding } from '../driver';
import { DriverError } from '../driver-error';
import { decodeBit, decodeRegistersAt, widthOf, type CodecSpec, type RawValue } from './codecs';
import { isBitTable } from './limits';
import { toEngineering } from './scaling';

/** A binding resolved to table, offset, width and codec. */
export interface TagLayout {
  binding: TagBinding;
  unitId: number;
  table: ModbusTable;
  offset: number;
  bit?: number;
  width: number;
  spec: CodecSpec;
}

/** Resolves a binding; the site schema has already checked the address, so failures here are engine bugs. */
export function layoutOf(binding: TagBinding): TagLayout {
  const parsed = parseModbusAddress(binding.tag.address);
  if ('error' in parsed) throw new DriverError('invalid-request', 'modbus-bad-address', `${binding.name}: ${parsed.error}`);
  const spec: CodecSpec = { type: binding.tag.type, order: binding.tag.order, ...(binding.tag.length !== undefined ? { length: binding.tag.length } : {}) };
  const width = isBitTable(parsed.table) || parsed.bit !== undefined ? 1 : widthOf(spec);
  return { binding, unitId: binding.unitId, table: parsed.table, offset: parsed.offset, ...(parsed.bit !== undefined ? { bit: parsed.bit } : {}), width, spec };
}

/** Cuts the tag's raw value out of a block that starts at `start`. */
export function rawFromBlock(layout: TagLayout, block: readonly number[] | readonly boolean[], start: number): RawValue {
  const at = layout.offset - start;
  if (isBitTable(layout.table)) return (block as readonly boolean[])[at] === true;
  if (layout.bit !== undefined) return decodeBit((block as readonly number[])[at] ?? 0, layout.bit);
  return decodeRegistersAt(block as readonly number[], at, layout.spec); // no copy of the words: runs per tag per poll
}

/** The sample value in engineering units: scale/offset applied; unscaled 64-bit integers stay exact (bigint). */
export function engineeringValue(layout: TagLayout, raw: RawValue): RawValue {
  return toEngineering(raw, layout.binding.tag); // the tag carries scale and offset: no object per value
}
