/**
 * Raw maintenance access (the `modbus.read` / `modbus.write` requests and the CLI probe): any address, type and
 * order, through the link queue shared with the scan (the caller picks the lane; client requests use the bounded
 * maintenance lane). Everything is validated before a byte is sent.
 */
import { formatModbusAddress, parseModbusAddress, textLengthOf, type DataType, type ModbusAddress, type WordOrder } from '../../../../shared/site/data-types';
import type { Driver, MotionGroup, WriteLane } from '../driver';
import { DriverError } from '../driver-error';
import { CodecError, decodeBit, decodeRegistersAt, encodeRegisters, widthOf, type CodecSpec, type RawValue } from './codecs';
import { isBitTable, MAX_ADDRESS, readLimit } from './limits';
import type { WriteTarget } from './link-queue';
import type { ModbusRequest, ReadRequest } from './request';
import { parseValueText } from './value-text';

/** A raw read: `count` consecutive values of `type` from `address`. For `string`, `count` is the length in characters. */
export interface RawReadOptions {
  unitId?: number;
  address: string;
  count?: number;
  type?: DataType;
  order?: WordOrder;
}

/** A raw write of one value. For `string`, the register span is the string's own byte length unless `length` is given. */
export interface RawWriteOptions {
  unitId?: number;
  address: string;
  value: RawValue;
  type?: DataType;
  order?: WordOrder;
  length?: number;
}

/** One value read, with its address. */
export interface RawValueAt {
  address: string;
  value: RawValue;
}

/** The capability a Modbus driver adds to Driver: raw access in the bounded maintenance lane (may reject with `busy`). */
export interface ModbusRawAccess {
  readRaw(options: RawReadOptions): Promise<RawValueAt[]>;
  /** A raw write. Named to look dangerous: only the command service (main/engine/safety) may call it. `wanted` as below. */
  UNSAFE_writeRaw(options: RawWriteOptions, lane?: WriteLane, wanted?: () => boolean): Promise<void>;
  /**
   * Writes consecutive holding registers in one request (e.g. a device's jog block). Command service only. `wanted`
   * is asked right before it goes out: false withdraws it unsent (`cancelled`).
   */
  UNSAFE_writeRegisters(unitId: number | undefined, address: string, registers: number[], lane?: WriteLane, motion?: MotionGroup, wanted?: () => boolean): Promise<void>;
}

/** True when `driver` offers raw Modbus access. */
export function isModbusRawAccess(driver: Driver | undefined): driver is Driver & ModbusRawAccess {
  return typeof (driver as Partial<ModbusRawAccess> | undefined)?.readRaw === 'function';
}

/**
 * Runs requests on the link: `one` a single exchange, `atomic` several with nothing in between (an exchange after
 * the first may be refused, unsent, as `cancelled` when a stop waits: the job then ends with nothing written).
 */
export interface Exchanger {
  /** False on RTU framing: modbus-serial's RTU ports cannot frame FC22 replies, so bits use read-modify-write. */
  maskWrite: boolean;
  one(request: ModbusRequest): Promise<number[] | boolean[] | undefined>;
  /** `share` names the job (values included) and its target, so that the same stop, still waiting, is not queued twice. */
  atomic<T>(body: (exchange: (request: ModbusRequest) => Promise<number[] | boolean[] | undefined>) => Promise<T>, share?: { key: string; target: WriteTarget }): Promise<T>;
}

function invalid(message: string, details: Record<string, unknown> = {}): DriverError {
  return new DriverError('invalid-request', 'modbus-invalid-request', message, details);
}

function parseAddress(text: string): ModbusAddress {
  const parsed = parseModbusAddress(text);
  if ('error' in parsed) throw invalid(parsed.error, { address: text });
  return parsed;
}

function resolveType(address: ModbusAddress, type: DataType | undefined): DataType {
  const wanted = type ?? (isBitTable(address.table) || address.bit !== undefined ? 'bool' : 'uint16');
  if ((isBitTable(address.table) || address.bit !== undefined) && wanted !== 'bool') throw invalid(`${formatModbusAddress(address)} holds bits: type must be bool, not ${wanted}`);
  if (!isBitTable(address.table) && address.bit === undefined && wanted === 'bool') throw invalid(`bool in a ${address.table} register needs a bit index (${address.table}:${address.offset}.0 .. .15)`);
  return wanted;
}

/** Runs a codec call, turning its refusal into an invalid-request DriverError. */
function codec<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof CodecError) throw invalid(error.message);
    throw error;
  }
}

/** Reads `options` through `exchanger`, splitting into spec-sized requests that never cut a value in two. */
export async function readRaw(exchanger: Exchanger, defaultUnit: number, options: RawReadOptions): Promise<RawValueAt[]> {
  const address = parseAddress(options.address);
  const type = resolveType(address, options.type);
  const unitId = options.unitId ?? defaultUnit;
  const count = options.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw invalid(`count must be a positive integer, not ${count}`);
  if (address.bit !== undefined) {
    if (count !== 1) throw invalid('a bit address reads one bit; drop --count');
    const [word] = (await exchanger.one({ op: 'read', unitId, table: address.table, address: address.offset, count: 1 })) as number[];
    return [{ address: formatModbusAddress(address), value: decodeBit(word ?? 0, address.bit) }];
  }
  const spec: CodecSpec = { type, order: options.order ?? 'ABCD', ...(type === 'string' ? { length: count } : {}) };
  const width = isBitTable(address.table) ? 1 : codec(() => widthOf(spec));
  const values = type === 'string' ? 1 : count;
  const total = values * width;
  if (address.offset + total - 1 > MAX_ADDRESS) throw invalid(`${formatModbusAddress(address)} + ${total} ${isBitTable(address.table) ? 'bits' : 'registers'} runs past ${MAX_ADDRESS}`);
  if (width > readLimit(address.table)) throw invalid(`one ${type} of ${count} characters needs ${width} registers; the read limit is ${readLimit(address.table)}`);
  const perRequest = Math.floor(readLimit(address.table) / width);
  const out: RawValueAt[] = [];
  for (let first = 0; first < values; first += perRequest) {
    const n = Math.min(perRequest, values - first);
    const request: ReadRequest = { op: 'read', unitId, table: address.table, address: address.offset + first * width, count: n * width };
    const block = (await exchanger.one(request)) ?? [];
    for (let i = 0; i < n; i++) {
      const at = { table: address.table, offset: request.address + i * width };
      const value = isBitTable(address.table) ? (block as boolean[])[i] === true : decodeRegistersAt(block as number[], i * width, spec);
      out.push({ address: formatModbusAddress(at), value });
    }
  }
  return out;
}

/** Writes one value (text is parsed per type); refuses read-only tables and out-of-range values before sending. */
export async function writeRaw(exchanger: Exchanger, defaultUnit: number, given: RawWriteOptions): Promise<void> {
  const address = parseAddress(given.address);
  const type = resolveType(address, given.type);
  const value = typeof given.value === 'string' && type !== 'string' ? codec(() => parseValueText(given.value as string, type)) : given.value;
  const options = { ...given, value };
  const unitId = options.unitId ?? defaultUnit;
  if (address.table === 'input' || address.table === 'discrete') throw invalid(`${address.table} is read-only in Modbus`);
  if (address.table === 'coil') {
    const [bit] = codec(() => encodeRegisters(options.value, { type: 'bool', order: 'ABCD' }));
    await exchanger.one({ op: 'write', unitId, table: 'coil', address: address.offset, bits: [bit === 1] });
    return;
  }
  if (address.bit !== undefined) {
    const [on] = codec(() => encodeRegisters(options.value, { type: 'bool', order: 'ABCD' }));
    await writeBit(exchanger, unitId, address.offset, address.bit, on === 1);
    return;
  }
  const length = type === 'string' ? (options.length ?? textLengthOf(options.value)) : undefined;
  const spec: CodecSpec = { type, order: options.order ?? 'ABCD', ...(length !== undefined ? { length } : {}) };
  const registers = codec(() => encodeRegisters(options.value, spec));
  await exchanger.one({ op: 'write', unitId, table: 'holding', address: address.offset, registers });
}

/**
 * Sets one bit of a holding register: mask write (FC22) where the framing allows; otherwise, or when the device
 * answers exception 1 (no FC22), a read-modify-write that is atomic on our queue.
 */
async function writeBit(exchanger: Exchanger, unitId: number, offset: number, bit: number, value: boolean): Promise<void> {
  await exchanger.atomic(async (exchange) => {
    try {
      if (!exchanger.maskWrite) throw new DriverError('device-exception', 'modbus-exception-1', 'mask write not available on RTU framing');
      await exchange({ op: 'write-bit', unitId, table: 'holding', address: offset, bit, value });
    } catch (error) {
      if (!(error instanceof DriverError && error.code === 'modbus-exception-1')) throw error;
      const [word] = (await exchange({ op: 'read', unitId, table: 'holding', address: offset, count: 1 })) as number[];
      const mask = 1 << bit;
      const next = value ? (word ?? 0) | mask : (word ?? 0) & ~mask & 0xffff;
      await exchange({ op: 'write', unitId, table: 'holding', address: offset, registers: [next] });
    }
  }, { key: `bit ${unitId} holding:${offset}.${bit}=${value}`, target: { unit: unitId, table: 'holding', from: offset, to: offset, bit } });
}
