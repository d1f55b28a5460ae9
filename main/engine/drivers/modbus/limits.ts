/** Modbus spec limits (Modbus Application Protocol V1.1b3), enforced before anything is sent. */
import type { ModbusTable } from '../../../../shared/site/data-types';
import { DriverError } from '../driver-error';
import { describeRequest, requestCount, type ModbusRequest } from './request';

/** Largest quantities one PDU may carry. */
export const MODBUS_LIMITS = {
  readRegisters: 125,
  writeRegisters: 123,
  readBits: 2000,
  writeBits: 1968,
} as const;

/** Highest address of every table (0-based). */
export const MAX_ADDRESS = 65535;

/** True for the 1-bit tables (coil, discrete). */
export function isBitTable(table: ModbusTable): boolean {
  return table === 'coil' || table === 'discrete';
}

/** Largest read of one request from `table`. */
export function readLimit(table: ModbusTable): number {
  return isBitTable(table) ? MODBUS_LIMITS.readBits : MODBUS_LIMITS.readRegisters;
}

/** Returns why `request` may not be sent, or undefined when it is within the spec. */
export function limitProblem(request: ModbusRequest): string | undefined {
  const count = requestCount(request);
  if (!Number.isInteger(request.unitId) || request.unitId < 0 || request.unitId > 255) return `unit id ${request.unitId} out of range (0..255)`;
  if (!Number.isInteger(request.address) || request.address < 0 || request.address > MAX_ADDRESS) {
    return `address ${request.address} out of range (0..${MAX_ADDRESS})`;
  }
  if (!Number.isInteger(count) || count < 1) return `count ${count} must be at least 1`;
  const limit =
    request.op === 'read'
      ? readLimit(request.table)
      : request.table === 'coil'
        ? MODBUS_LIMITS.writeBits
        : MODBUS_LIMITS.writeRegisters;
  if (count > limit) return `${count} ${isBitTable(request.table) ? 'bits' : 'registers'} exceed the ${request.op === 'read' ? 'read' : 'write'} limit of ${limit} per request`;
  if (request.address + count - 1 > MAX_ADDRESS) return `${request.table}:${request.address} + ${count} runs past ${MAX_ADDRESS}`;
  return undefined;
}

/** Throws a DriverError (kind invalid-request) when `request` breaks a spec limit. */
export function assertWithinLimits(request: ModbusRequest): void {
  const problem = limitProblem(request);
  if (problem) throw new DriverError('invalid-request', 'modbus-limit', problem, { request: describeRequest(request) });
}
