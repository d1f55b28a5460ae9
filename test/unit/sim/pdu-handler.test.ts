import { describe, expect, it } from 'vitest';
import { handlePdu } from '../../../main/sim/modbus-server/pdu-handler';
import { RegisterImage } from '../../../main/sim/modbus-server/register-image';
import { storeWrites, type ModbusSlave } from '../../../main/sim/modbus-server/slave';

function memorySlave(): ModbusSlave {
  const image = new RegisterImage({ coils: 2000, discrete: 16, input: 200, holding: 200 });
  image.holding.set([0x1234, 0xabcd], 10);
  image.input.set([7, 8, 9], 0);
  image.discrete.set([1, 0, 1], 0);
  return { unitId: 1, image, write: storeWrites(image) };
}

const pdu = (...bytes: number[]) => Buffer.from(bytes);
const hex = (b: Buffer) => b.toString('hex');

describe('slave core: function codes', () => {
  it('reads holding (3) and input (4) registers', () => {
    const slave = memorySlave();
    expect(hex(handlePdu(slave, pdu(3, 0, 10, 0, 2)))).toBe('0304' + '1234abcd');
    expect(hex(handlePdu(slave, pdu(4, 0, 0, 0, 3)))).toBe('0406' + '000700080009');
  });

  it('reads coils (1) and discrete inputs (2) packed LSB first', () => {
    const slave = memorySlave();
    slave.image.coils.set([1, 1, 0, 0, 0, 0, 0, 0, 1], 0);
    expect(hex(handlePdu(slave, pdu(1, 0, 0, 0, 9)))).toBe('01020301');
    expect(hex(handlePdu(slave, pdu(2, 0, 0, 0, 3)))).toBe('020105');
  });

  it('writes single coil (5) / register (6) and echoes the request', () => {
    const slave = memorySlave();
    expect(hex(handlePdu(slave, pdu(5, 0, 3, 0xff, 0)))).toBe('050003ff00');
    expect(slave.image.coils[3]).toBe(1);
    expect(hex(handlePdu(slave, pdu(6, 0, 20, 0x01, 0x02)))).toBe('0600140102');
    expect(slave.image.holding[20]).toBe(0x0102);
  });

  it('writes multiple coils (15) and registers (16)', () => {
    const slave = memorySlave();
    expect(hex(handlePdu(slave, pdu(15, 0, 0, 0, 10, 2, 0b0000_0101, 0b10)))).toBe('0f0000000a');
    expect([...slave.image.coils.subarray(0, 10)]).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(hex(handlePdu(slave, pdu(16, 0, 30, 0, 2, 4, 0, 1, 0, 2)))).toBe('10001e0002');
    expect([...slave.image.holding.subarray(30, 32)]).toEqual([1, 2]);
  });

  it('read/write multiple registers (23) writes first, then reads', () => {
    const slave = memorySlave();
    const reply = handlePdu(slave, pdu(23, 0, 40, 0, 2, 0, 40, 0, 1, 2, 0xbe, 0xef));
    expect(hex(reply)).toBe('1704' + 'beef0000');
  });
});

describe('slave core: exceptions and spec limits', () => {
  it('answers illegal function (1) for an unknown code', () => {
    expect(hex(handlePdu(memorySlave(), pdu(0x2b, 0x0e, 1, 0)))).toBe('ab01');
  });

  it('answers illegal data address (2) past the table', () => {
    expect(hex(handlePdu(memorySlave(), pdu(3, 0, 199, 0, 2)))).toBe('8302');
    expect(hex(handlePdu(memorySlave(), pdu(6, 0, 200, 0, 1)))).toBe('8602');
  });

  it('answers illegal data value (3) for quantities outside the spec limits', () => {
    const slave = memorySlave();
    expect(hex(handlePdu(slave, pdu(3, 0, 0, 0, 126)))).toBe('8303');
    expect(hex(handlePdu(slave, pdu(3, 0, 0, 0, 125)))).not.toBe('8303');
    expect(hex(handlePdu(slave, pdu(4, 0, 0, 0, 0)))).toBe('8403');
    expect(hex(handlePdu(slave, pdu(1, 0, 0, 0x07, 0xd1)))).toBe('8103'); // 2001 coils
    expect(handlePdu(slave, pdu(1, 0, 0, 0x07, 0xd0))[0]).toBe(1); // 2000 coils
    const regs124 = [16, 0, 0, 0, 124, 248, ...new Array(248).fill(0)];
    expect(hex(handlePdu(slave, Buffer.from(regs124)))).toBe('9003');
    const coils1969 = [15, 0, 0, 0x07, 0xb1, 247, ...new Array(247).fill(0)];
    expect(hex(handlePdu(slave, Buffer.from(coils1969)))).toBe('8f03');
  });

  it('answers 3 for a malformed request (bad coil value, byte count mismatch, short PDU)', () => {
    const slave = memorySlave();
    expect(hex(handlePdu(slave, pdu(5, 0, 0, 0x12, 0x34)))).toBe('8503');
    expect(hex(handlePdu(slave, pdu(16, 0, 0, 0, 2, 3, 0, 1, 0)))).toBe('9003');
    expect(hex(handlePdu(slave, pdu(3, 0, 0)))).toBe('8303');
  });

  it('answers device failure (4) when the write handler throws, and keeps serving', () => {
    const slave = memorySlave();
    slave.write = () => {
      throw new Error('model bug');
    };
    expect(hex(handlePdu(slave, pdu(6, 0, 0, 0, 1)))).toBe('8604');
    expect(handlePdu(slave, pdu(3, 0, 10, 0, 1))[0]).toBe(3);
  });
});
