/**
 * Jog references to the device. Where the site file gives the equipment a jog block (`jog.block`), each reference
 * goes as one sequenced write [console id, seq, axis, speed] that the device applies only from its owner and only
 * when the sequence number is newer (see main/sim/REGISTER-MAPS.md, "Jog command block"); otherwise the
 * command's speed-reference tag is written.
 */
import { encodeJogBlock } from '../drivers/modbus';
import type { DeviceAccess } from './device-access';
import type { JogWriter } from './jog-control';

/** A jog writer that keeps one sequence counter per equipment for this engine's lifetime. */
export function jogBlockWriter(device: DeviceAccess, consoleId: number): JogWriter & { reseed(equipmentId: string, lastSeq: number): void } {
  const seqs = new Map<string, number>();
  const write: JogWriter = (eq, command, binding, speed) => {
    const block = eq.equipment.jog.block;
    const axis = eq.equipment.commands[command]?.axis;
    if (!block || axis === undefined) return device.writeTag(eq, binding, speed, 'control');
    const seq = ((seqs.get(eq.equipment.id) ?? 0) + 1) & 0xffff;
    seqs.set(eq.equipment.id, seq);
    return device.writeModbusRegisters(eq.connectionId, eq.equipment.unitId, block.address, encodeJogBlock(consoleId, seq, axis, speed), 'control');
  };
  return Object.assign(write, {
    /** Continue after the device's last accepted sequence number (it keeps tracking while we stay the owner). */
    reseed: (equipmentId: string, lastSeq: number) => void seqs.set(equipmentId, lastSeq & 0xffff),
  });
}
