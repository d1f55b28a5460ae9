/**
 * Jog references to the device. Where the site file gives the equipment a jog block (`jog.block`), each reference
 * goes as one sequenced write [console id, seq, axis, speed] that the device applies only from its owner and only
 * when the sequence number is newer (main/sim/REGISTER-MAPS.md, "Jog command block"); otherwise the command's
 * speed-reference tag is written.
 */
import { encodeJogBlock } from '../drivers/modbus';
import type { DeviceAccess, DeviceResult } from './device-access';
import type { JogWriter } from './jog-control';

/** A jog writer with one sequence counter per equipment; `restart` is called whenever control is taken. */
export type SequencedJogWriter = JogWriter & { restart(equipmentId: string): void };

/** The result of a moving reference the jog no longer wants (it ended before the reference was queued). */
const withdrawn = (): DeviceResult => ({ ok: false, kind: 'cancelled', code: 'jog-ended', text: 'The jog ended before this reference was sent' });

/** Builds the engine's jog writer. */
export function jogBlockWriter(device: DeviceAccess, consoleId: number): SequencedJogWriter {
  const seqs = new Map<string, number>();
  const write: JogWriter = async (eq, command, binding, speed, stillWanted) => {
    const block = eq.equipment.jog.block;
    const axis = eq.equipment.commands[command]?.axis;
    // A non-zero reference moves the equipment: a stop withdraws it while it waits. A zero is always let through.
    const motion = speed !== 0;
    if (motion && stillWanted?.() === false) return withdrawn();
    if (!block || axis === undefined) return device.writeTag(eq, binding, speed, 'control', motion);
    let last = seqs.get(eq.equipment.id);
    if (last === undefined) {
      // The device keeps tracking our sequence while we stay its owner: continue after its last accepted one.
      const lastSeqTag = block.lastSeqTag ? eq.tags.get(block.lastSeqTag) : undefined;
      const read = lastSeqTag ? await device.readTag(eq, lastSeqTag) : undefined;
      last = read?.ok && typeof read.value === 'number' ? read.value : 0;
      // The read took a round trip: a stop in that time found nothing queued to withdraw, so ask again here.
      if (motion && stillWanted?.() === false) {
        seqs.set(eq.equipment.id, last);
        return withdrawn();
      }
    }
    const seq = (last + 1) & 0xffff;
    seqs.set(eq.equipment.id, seq);
    return device.writeModbusRegisters(eq.connectionId, eq.equipment.unitId, block.address, encodeJogBlock(consoleId, seq, axis, speed), 'control', motion ? eq.equipment.id : undefined);
  };
  return Object.assign(write, { restart: (equipmentId: string) => void seqs.delete(equipmentId) });
}
