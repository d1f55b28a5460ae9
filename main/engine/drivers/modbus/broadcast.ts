/**
 * Modbus broadcast (unit 0): every device on the line executes the write and none answers. So a read on unit 0 can
 * never be answered, and a broadcast write must be sent without waiting for a reply (waiting would end in a
 * timeout that means nothing). Broadcast is refused unless the site file allows it for the connection.
 */
import type ModbusRTU from 'modbus-serial';
import { DriverError } from '../driver-error';
import { isSerialFramed, type ModbusConnection } from './connection';
import { describeRequest, functionCode, requestText, type ModbusRequest, type WriteRequest } from './request';

/** The broadcast unit id. */
export const BROADCAST_UNIT = 0;

/** Time the devices on a serial line get to act on a broadcast before the next request (the spec's turnaround delay). */
export const BROADCAST_TURNAROUND_MS = 100;

/** A write the driver may broadcast: plain register or coil writes (a bit write needs a read or an answer). */
export type BroadcastWrite = Extract<WriteRequest, { op: 'write' }>;

/** Why `request` may not go to unit 0 on `connection`, or undefined (not unit 0, or an allowed broadcast write). */
export function broadcastRefusal(request: ModbusRequest, connection: ModbusConnection): DriverError | undefined {
  if (request.unitId !== BROADCAST_UNIT) return undefined;
  const refuse = (why: string) => new DriverError('invalid-request', 'modbus-broadcast-refused', `unit 0 is the Modbus broadcast address: ${why}`, { request: describeRequest(request) });
  if (request.op === 'read') return refuse('no device answers a read on it; use the device\'s own unit id');
  if (request.op === 'write-bit') return refuse('a single-bit write needs an answer or a read-back, which broadcast never gives');
  if (!connection.allowBroadcast) return refuse(`every device on the line would take this write; broadcast is off for connection "${connection.id}" (allowBroadcast in the site file)`);
  return undefined;
}

/** True when `request` is an allowed broadcast write (checked with broadcastRefusal first). */
export function isBroadcastWrite(request: ModbusRequest): request is BroadcastWrite {
  return request.unitId === BROADCAST_UNIT && request.op === 'write';
}

/** CRC-16/MODBUS of `bytes`. */
function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** The RTU frame (unit 0, PDU, CRC low byte first) of a broadcast write; modbus-serial's ports take this form. */
export function broadcastFrame(request: BroadcastWrite): Buffer {
  const fc = functionCode(request);
  const head = [BROADCAST_UNIT, fc, request.address >> 8, request.address & 0xff];
  let body: number[];
  if (request.table === 'coil') {
    const bits = request.bits;
    if (fc === 5) body = [bits[0] ? 0xff : 0x00, 0x00];
    else {
      const packed = Array.from({ length: Math.ceil(bits.length / 8) }, (_, byte) => bits.slice(byte * 8, byte * 8 + 8).reduce((acc, on, i) => acc | (on ? 1 << i : 0), 0));
      body = [bits.length >> 8, bits.length & 0xff, packed.length, ...packed];
    }
  } else {
    const words = request.registers;
    body = fc === 6 ? [(words[0] ?? 0) >> 8, (words[0] ?? 0) & 0xff] : [words.length >> 8, words.length & 0xff, words.length * 2, ...words.flatMap((w) => [w >> 8, w & 0xff])];
  }
  const frame = Buffer.from([...head, ...body, 0, 0]);
  frame.writeUInt16LE(crc16(frame.subarray(0, frame.length - 2)), frame.length - 2);
  return frame;
}

interface PortWriter {
  _port?: { write?: (frame: Buffer) => void };
}

/**
 * Sends a broadcast write on an open modbus-serial client without registering a transaction, so nothing waits for
 * a reply (a Modbus TCP server that answers anyway is ignored: no transaction matches). On serial framing the
 * line then stays quiet for the turnaround delay.
 */
export async function sendBroadcast(client: ModbusRTU, request: BroadcastWrite, connection: ModbusConnection): Promise<void> {
  const port = (client as unknown as PortWriter)._port;
  if (typeof port?.write !== 'function') throw new DriverError('not-connected', 'modbus-not-connected', `link not open for ${requestText(request)}`);
  port.write(broadcastFrame(request));
  if (isSerialFramed(connection)) await new Promise((resolve) => setTimeout(resolve, BROADCAST_TURNAROUND_MS));
}
