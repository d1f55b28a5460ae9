/** Data types, word orders and Modbus address parsing shared by the site schema, drivers and the UI. */
import { z } from 'zod';

/** Every value type a tag may carry. */
export const DATA_TYPES = ['bool', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64', 'int64', 'uint64', 'string'] as const;
export const DataType = z.enum(DATA_TYPES);
export type DataType = z.infer<typeof DataType>;

/** Word/byte order of multi-register values: ABCD big-endian, CDAB word-swapped, BADC byte-swapped, DCBA little-endian. */
export const WORD_ORDERS = ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const;
export const WordOrder = z.enum(WORD_ORDERS);
export type WordOrder = z.infer<typeof WordOrder>;

/** Modbus tables, by their conventional names. */
export const MODBUS_TABLES = ['coil', 'discrete', 'input', 'holding'] as const;
export type ModbusTable = (typeof MODBUS_TABLES)[number];

/** The bytes a text written without a length takes: its UTF-8 length, at least one (raw Modbus writes). */
export function textLengthOf(value: unknown): number {
  return Math.max(1, new TextEncoder().encode(String(value)).length);
}

/** Registers (16-bit words) one value of this type occupies; `string` needs its own length. */
export function registersFor(type: DataType, stringLength = 0): number {
  switch (type) {
    case 'bool':
    case 'int16':
    case 'uint16':
      return 1;
    case 'int32':
    case 'uint32':
    case 'float32':
      return 2;
    case 'float64':
    case 'int64':
    case 'uint64':
      return 4;
    case 'string':
      return Math.ceil(stringLength / 2);
  }
}

/** A parsed Modbus address: table, 0-based offset and optional bit within a register. */
export interface ModbusAddress {
  table: ModbusTable;
  offset: number;
  bit?: number;
}

const MODBUS_ADDRESS = /^(coil|discrete|input|holding):(\d+)(?:\.(\d+))?$/;

/** Parses `holding:12`, `input:3.7` (bit 7), `coil:0`; returns an error message instead of throwing. */
export function parseModbusAddress(text: string): ModbusAddress | { error: string } {
  const match = MODBUS_ADDRESS.exec(text.trim());
  if (!match) return { error: `"${text}" is not a Modbus address (expected coil:N, discrete:N, input:N or holding:N, 0-based)` };
  const table = match[1] as ModbusTable;
  const offset = Number(match[2]);
  if (offset > 65535) return { error: `register ${offset} out of range (0..65535)` };
  if (match[3] === undefined) return { table, offset };
  const bit = Number(match[3]);
  if (table === 'coil' || table === 'discrete') return { error: `${table} addresses have no bit index` };
  if (bit > 15) return { error: `bit ${bit} out of range (0..15)` };
  return { table, offset, bit };
}

/** Formats a Modbus address back to its canonical text. */
export function formatModbusAddress(address: ModbusAddress): string {
  return `${address.table}:${address.offset}${address.bit === undefined ? '' : `.${address.bit}`}`;
}
