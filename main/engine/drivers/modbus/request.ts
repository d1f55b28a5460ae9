/** One Modbus request as the driver queues it, and how it is described in errors and logs. */
import type { ModbusTable } from '../../../../shared/site/data-types';

/** A read of `count` registers or bits from one table of one unit. */
export interface ReadRequest {
  op: 'read';
  unitId: number;
  table: ModbusTable;
  address: number;
  count: number;
}

/** A write of registers (holding) or bits (coil), or a masked write of one bit in a holding register. */
export type WriteRequest =
  | { op: 'write'; unitId: number; table: 'holding'; address: number; registers: readonly number[] }
  | { op: 'write'; unitId: number; table: 'coil'; address: number; bits: readonly boolean[] }
  | { op: 'write-bit'; unitId: number; table: 'holding'; address: number; bit: number; value: boolean };

/** Any request the driver sends. */
export type ModbusRequest = ReadRequest | WriteRequest;

/** The function code a request is sent with. */
export function functionCode(request: ModbusRequest): number {
  if (request.op === 'read') return { coil: 1, discrete: 2, holding: 3, input: 4 }[request.table];
  if (request.op === 'write-bit') return 22;
  if (request.table === 'coil') return request.bits.length === 1 ? 5 : 15;
  return request.registers.length === 1 ? 6 : 16;
}

/** Number of registers or bits a request touches. */
export function requestCount(request: ModbusRequest): number {
  if (request.op === 'read') return request.count;
  if (request.op === 'write-bit') return 1;
  return request.table === 'coil' ? request.bits.length : request.registers.length;
}

/** The plain shape put in error details, so the UI can show the request that failed. */
export function describeRequest(request: ModbusRequest): Record<string, unknown> {
  return {
    unitId: request.unitId,
    functionCode: functionCode(request),
    op: request.op,
    table: request.table,
    address: request.address,
    count: requestCount(request),
    text: requestText(request),
  };
}

/** `unit 1 FC3 holding:100 ×10` */
export function requestText(request: ModbusRequest): string {
  const bit = request.op === 'write-bit' ? `.${request.bit}` : '';
  return `unit ${request.unitId} FC${functionCode(request)} ${request.table}:${request.address}${bit} ×${requestCount(request)}`;
}
