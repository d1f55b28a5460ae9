/** The framing-free slave core: one request PDU in, one reply PDU out (or an exception PDU). */
import { ExceptionCode, FunctionCode, Limits, exceptionPdu } from './protocol';
import type { RegisterImage } from './register-image';
import type { ModbusSlave, ProposedWrite } from './slave';

type Reply = Buffer;

/** Quantity in 1..max and [start, start+quantity) inside a table of `size`, else the matching exception. */
function checkRange(start: number, quantity: number, max: number, size: number): ExceptionCode | undefined {
  if (quantity < 1 || quantity > max) return ExceptionCode.illegalDataValue;
  if (start + quantity > size) return ExceptionCode.illegalDataAddress;
  return undefined;
}

function packBits(bits: Uint8Array, start: number, quantity: number): Buffer {
  const bytes = Buffer.alloc(Math.ceil(quantity / 8));
  for (let i = 0; i < quantity; i++) if (bits[start + i]) bytes[i >> 3]! |= 1 << (i & 7);
  return bytes;
}

function unpackBits(bytes: Buffer, offset: number, quantity: number): number[] {
  return Array.from({ length: quantity }, (_, i) => ((bytes[offset + (i >> 3)] ?? 0) >> (i & 7)) & 1);
}

function registers(table: Uint16Array, start: number, quantity: number): Buffer {
  const out = Buffer.alloc(quantity * 2);
  for (let i = 0; i < quantity; i++) out.writeUInt16BE(table[start + i] ?? 0, i * 2);
  return out;
}

function readWords(pdu: Buffer, offset: number, quantity: number): number[] {
  return Array.from({ length: quantity }, (_, i) => pdu.readUInt16BE(offset + i * 2));
}

function readBitsReply(fc: number, bits: Uint8Array, pdu: Buffer): Reply {
  const start = pdu.readUInt16BE(1);
  const quantity = pdu.readUInt16BE(3);
  const problem = checkRange(start, quantity, Limits.readBits, bits.length);
  if (problem) return exceptionPdu(fc, problem);
  const data = packBits(bits, start, quantity);
  return Buffer.concat([Buffer.from([fc, data.length]), data]);
}

function readRegistersReply(fc: number, table: Uint16Array, pdu: Buffer): Reply {
  const start = pdu.readUInt16BE(1);
  const quantity = pdu.readUInt16BE(3);
  const problem = checkRange(start, quantity, Limits.readRegisters, table.length);
  if (problem) return exceptionPdu(fc, problem);
  return Buffer.concat([Buffer.from([fc, quantity * 2]), registers(table, start, quantity)]);
}

/** Range-checks then hands the write to the slave's handler; undefined = done. */
function proposeWrite(slave: ModbusSlave, write: ProposedWrite, max: number): ExceptionCode | undefined {
  const size = write.table === 'coil' ? slave.image.coils.length : slave.image.holding.length;
  return checkRange(write.start, write.values.length, max, size) ?? slave.write(write);
}

function writeSingleCoil(slave: ModbusSlave, pdu: Buffer): Reply {
  const value = pdu.readUInt16BE(3);
  if (value !== 0xff00 && value !== 0x0000) return exceptionPdu(pdu[0]!, ExceptionCode.illegalDataValue);
  const problem = proposeWrite(slave, { table: 'coil', start: pdu.readUInt16BE(1), values: [value ? 1 : 0] }, 1);
  return problem ? exceptionPdu(pdu[0]!, problem) : Buffer.from(pdu.subarray(0, 5));
}

function writeSingleRegister(slave: ModbusSlave, pdu: Buffer): Reply {
  const problem = proposeWrite(slave, { table: 'holding', start: pdu.readUInt16BE(1), values: [pdu.readUInt16BE(3)] }, 1);
  return problem ? exceptionPdu(pdu[0]!, problem) : Buffer.from(pdu.subarray(0, 5));
}

function writeMultipleCoils(slave: ModbusSlave, pdu: Buffer): Reply {
  const fc = pdu[0]!;
  const start = pdu.readUInt16BE(1);
  const quantity = pdu.readUInt16BE(3);
  const byteCount = pdu[5] ?? 0;
  if (quantity < 1 || quantity > Limits.writeBits || byteCount !== Math.ceil(quantity / 8) || pdu.length < 6 + byteCount) {
    return exceptionPdu(fc, ExceptionCode.illegalDataValue);
  }
  const problem = proposeWrite(slave, { table: 'coil', start, values: unpackBits(pdu, 6, quantity) }, Limits.writeBits);
  return problem ? exceptionPdu(fc, problem) : Buffer.from(pdu.subarray(0, 5));
}

function writeMultipleRegisters(slave: ModbusSlave, pdu: Buffer): Reply {
  const fc = pdu[0]!;
  const start = pdu.readUInt16BE(1);
  const quantity = pdu.readUInt16BE(3);
  const byteCount = pdu[5] ?? 0;
  if (quantity < 1 || quantity > Limits.writeRegisters || byteCount !== quantity * 2 || pdu.length < 6 + byteCount) {
    return exceptionPdu(fc, ExceptionCode.illegalDataValue);
  }
  const problem = proposeWrite(slave, { table: 'holding', start, values: readWords(pdu, 6, quantity) }, Limits.writeRegisters);
  return problem ? exceptionPdu(fc, problem) : Buffer.from(pdu.subarray(0, 5));
}

/** FC 23: the write happens first, then the read (as the spec orders it). */
function readWriteMultipleRegisters(slave: ModbusSlave, pdu: Buffer): Reply {
  const fc = pdu[0]!;
  const readStart = pdu.readUInt16BE(1);
  const readQuantity = pdu.readUInt16BE(3);
  const writeStart = pdu.readUInt16BE(5);
  const writeQuantity = pdu.readUInt16BE(7);
  const byteCount = pdu[9] ?? 0;
  const holding = slave.image.holding;
  if (byteCount !== writeQuantity * 2 || pdu.length < 10 + byteCount) return exceptionPdu(fc, ExceptionCode.illegalDataValue);
  const readProblem = checkRange(readStart, readQuantity, Limits.readWriteRead, holding.length);
  if (readProblem) return exceptionPdu(fc, readProblem);
  const write = { table: 'holding' as const, start: writeStart, values: readWords(pdu, 10, writeQuantity) };
  const problem = proposeWrite(slave, write, Limits.readWriteWrite);
  if (problem) return exceptionPdu(fc, problem);
  return Buffer.concat([Buffer.from([fc, readQuantity * 2]), registers(holding, readStart, readQuantity)]);
}

/** Minimum PDU length per function code (shorter requests are malformed: exception 3). */
const MIN_LENGTH: Record<number, number> = { 1: 5, 2: 5, 3: 5, 4: 5, 5: 5, 6: 5, 15: 6, 16: 6, 23: 10 };

/** Serves one request PDU. Never throws: a malformed request gets an exception reply. */
export function handlePdu(slave: ModbusSlave, pdu: Buffer): Reply {
  const fc = pdu[0] ?? 0;
  const image: RegisterImage = slave.image;
  const minLength = MIN_LENGTH[fc];
  if (minLength === undefined) return exceptionPdu(fc, ExceptionCode.illegalFunction);
  if (pdu.length < minLength) return exceptionPdu(fc, ExceptionCode.illegalDataValue);
  try {
    switch (fc) {
      case FunctionCode.readCoils:
        return readBitsReply(fc, image.coils, pdu);
      case FunctionCode.readDiscreteInputs:
        return readBitsReply(fc, image.discrete, pdu);
      case FunctionCode.readHoldingRegisters:
        return readRegistersReply(fc, image.holding, pdu);
      case FunctionCode.readInputRegisters:
        return readRegistersReply(fc, image.input, pdu);
      case FunctionCode.writeSingleCoil:
        return writeSingleCoil(slave, pdu);
      case FunctionCode.writeSingleRegister:
        return writeSingleRegister(slave, pdu);
      case FunctionCode.writeMultipleCoils:
        return writeMultipleCoils(slave, pdu);
      case FunctionCode.writeMultipleRegisters:
        return writeMultipleRegisters(slave, pdu);
      default:
        return readWriteMultipleRegisters(slave, pdu);
    }
  } catch {
    // A bug in a machine model must not kill the server: the master sees "device failure".
    return exceptionPdu(fc, ExceptionCode.deviceFailure);
  }
}
