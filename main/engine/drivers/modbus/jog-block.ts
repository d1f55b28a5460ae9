/** The registers of one jog command block write: console id, sequence number, axis, speed as float32 ABCD. Pure. */
import { encodeRegisters } from './codecs';

/** Five registers for holding N..N+4 of the device's jog block. */
export function encodeJogBlock(consoleId: number, seq: number, axis: number, speed: number): number[] {
  return [consoleId & 0xffff, seq & 0xffff, axis & 0xffff, ...encodeRegisters(speed, { type: 'float32', order: 'ABCD' })];
}
