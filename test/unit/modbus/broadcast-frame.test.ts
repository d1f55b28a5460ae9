/** Broadcast frames byte for byte, checked against the simulator's independent CRC; refusals by request kind. */
import { describe, expect, it } from 'vitest';
import { broadcastFrame, broadcastRefusal } from '../../../main/engine/drivers/modbus/broadcast';
import { modbusConnection } from '../../support/modbus-driver-harness';
import { withCrc } from '../../../main/sim/modbus-server/crc16';

/** `pdu` behind unit 0, with the CRC computed by the simulator's code (low byte first). */
function framed(pdu: number[]): Buffer {
  return withCrc(Buffer.from([0, ...pdu]));
}

describe('broadcastFrame', () => {
  it('frames FC5, FC6, FC15 and FC16 writes to unit 0', () => {
    expect(broadcastFrame({ op: 'write', unitId: 0, table: 'coil', address: 0x0102, bits: [true] })).toEqual(framed([5, 1, 2, 0xff, 0]));
    expect(broadcastFrame({ op: 'write', unitId: 0, table: 'holding', address: 1, registers: [1234] })).toEqual(framed([6, 0, 1, 0x04, 0xd2]));
    expect(broadcastFrame({ op: 'write', unitId: 0, table: 'coil', address: 8, bits: [true, false, true, true, false, false, false, false, true] })).toEqual(framed([15, 0, 8, 0, 9, 2, 0b00001101, 0b1]));
    expect(broadcastFrame({ op: 'write', unitId: 0, table: 'holding', address: 0, registers: [0xabcd, 2] })).toEqual(framed([16, 0, 0, 0, 2, 4, 0xab, 0xcd, 0, 2]));
  });
});

describe('broadcastRefusal', () => {
  const allowed = modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: 1502, allowBroadcast: true });
  const denied = modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: 1502 });
  const write = { op: 'write', unitId: 0, table: 'holding', address: 0, registers: [1] } as const;
  it('lets other units through and allowed broadcast writes', () => {
    expect(broadcastRefusal({ ...write, unitId: 1 }, denied)).toBeUndefined();
    expect(broadcastRefusal(write, allowed)).toBeUndefined();
  });
  it('refuses broadcast writes by default, reads and bit writes always', () => {
    expect(broadcastRefusal(write, denied)?.code).toBe('modbus-broadcast-refused');
    expect(denied.allowBroadcast).toBe(false);
    expect(broadcastRefusal({ op: 'read', unitId: 0, table: 'holding', address: 0, count: 1 }, allowed)?.message).toContain('no device answers a read');
    expect(broadcastRefusal({ op: 'write-bit', unitId: 0, table: 'holding', address: 0, bit: 1, value: true }, allowed)?.message).toContain('single-bit write');
  });
});
