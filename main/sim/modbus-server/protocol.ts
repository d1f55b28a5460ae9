/** Modbus function codes, exception codes and the spec's per-request quantity limits. */

/** The function codes our slave core serves. */
export const FunctionCode = {
  readCoils: 1,
  readDiscreteInputs: 2,
  readHoldingRegisters: 3,
  readInputRegisters: 4,
  writeSingleCoil: 5,
  writeSingleRegister: 6,
  writeMultipleCoils: 15,
  writeMultipleRegisters: 16,
  readWriteMultipleRegisters: 23,
} as const;

/** Modbus exception codes (the reply's function code has bit 7 set and carries one of these). */
export const ExceptionCode = {
  illegalFunction: 1,
  illegalDataAddress: 2,
  illegalDataValue: 3,
  deviceFailure: 4,
  gatewayTargetFailed: 11,
} as const;
export type ExceptionCode = (typeof ExceptionCode)[keyof typeof ExceptionCode];

/** Spec limits (Modbus Application Protocol v1.1b3, section 6). */
export const Limits = {
  readBits: 2000,
  writeBits: 1968,
  readRegisters: 125,
  writeRegisters: 123,
  readWriteRead: 125,
  readWriteWrite: 121,
} as const;

/** A reply PDU carrying exception `code` for request function `fc`. */
export function exceptionPdu(fc: number, code: ExceptionCode): Buffer {
  return Buffer.from([(fc | 0x80) & 0xff, code]);
}
