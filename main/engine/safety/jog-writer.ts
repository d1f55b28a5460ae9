/**
 * Jog references to the device. Where the site file gives the equipment a jog block (`jog.block`), each reference
 * goes as one sequenced write [console id, seq, axis, speed] that the device applies only from its owner and only
 * when the sequence number is newer (main/sim/REGISTER-MAPS.md, "Jog command block"); otherwise the command's
 * speed-reference tag is written.
 *
 * The device acknowledges a stale block like any other and silently ignores it, so our counter must never fall
 * behind what we have already sent: a zero sent with an old number would leave the axis moving. Hence one read of
 * the device's last sequence per equipment at a time (holds that arrive meanwhile share it), and a counter that only
 * ever moves forward until control is taken again.
 */
import type { TagBinding } from '../drivers/driver';
import { encodeJogBlock } from '../drivers/modbus';
import type { DeviceAccess, DeviceResult } from './device-access';
import type { ResolvedEquipment } from './equipment-index';

/** A jog writer with one sequence counter per equipment; `restart` is called whenever control is taken. */
export type SequencedJogWriter = JogWriter & { restart(equipmentId: string): void };

/** The result of a moving reference the jog no longer wants (it ended before the reference was sent). */
const withdrawn = (): DeviceResult => ({ ok: false, kind: 'cancelled', code: 'jog-ended', text: 'The jog ended before this reference was sent' });
/** A reference the link queue withdrew at its turn (`stillWanted` said no) reads as withdrawn by the jog's end. */
const endedOnItsWay = (result: DeviceResult): DeviceResult => (!result.ok && result.code === 'withdrawn-before-sending' ? withdrawn() : result);

/**
 * Writes one jog reference to the device (a speed-reference tag, or the device's sequenced jog block). `stillWanted`
 * is asked before a moving reference is queued (after any read the writer needs first) and again when its turn on the
 * link comes: false means the jog ended meanwhile (stop, release, loss, a hold the gate refused) and nothing is sent.
 */
export type JogWriter = ((eq: ResolvedEquipment, command: string, binding: TagBinding, speed: number, stillWanted?: () => boolean) => Promise<DeviceResult>) & {
  /** Forget the equipment's sequence state (control was just taken). */
  restart?(equipmentId: string): void;
};

/** Per-equipment jog sequence numbers: the last one sent, and the device read that starts a fresh count. */
class JogSequences {
  private readonly last = new Map<string, number>();
  private readonly reading = new Map<string, Promise<number | DeviceResult>>();
  /** Bumped by `restart`: a read begun before control was re-taken must not seed the new count. */
  private readonly epochs = new Map<string, number>();

  constructor(private readonly device: DeviceAccess) {}

  /**
   * Resolves once a count exists for the equipment (reading the device's last accepted sequence if need be), or with
   * the failed read's result: then there is no count, and guessing one could make every later block stale.
   */
  async ready(eq: ResolvedEquipment): Promise<DeviceResult | undefined> {
    const id = eq.equipment.id;
    while (!this.last.has(id)) {
      const epoch = this.epochs.get(id) ?? 0;
      let read = this.reading.get(id);
      if (!read) {
        const started: Promise<number | DeviceResult> = this.readLast(eq).finally(() => {
          if (this.reading.get(id) === started) this.reading.delete(id);
        });
        this.reading.set(id, (read = started));
      }
      const value = await read;
      if (typeof value !== 'number') return value;
      if ((this.epochs.get(id) ?? 0) === epoch && !this.last.has(id)) this.last.set(id, value);
    }
    return undefined;
  }

  /** Whether a count exists (no read needed before the next number). */
  counting(equipmentId: string): boolean {
    return this.last.has(equipmentId);
  }

  /** The next sequence number, taken synchronously; only once `ready` has made a count. */
  next(equipmentId: string): number {
    const last = this.last.get(equipmentId);
    if (last === undefined) throw new Error(`no jog sequence count for ${equipmentId}`);
    const seq = (last + 1) & 0xffff;
    this.last.set(equipmentId, seq);
    return seq;
  }

  restart(equipmentId: string): void {
    this.last.delete(equipmentId);
    this.reading.delete(equipmentId);
    this.epochs.set(equipmentId, (this.epochs.get(equipmentId) ?? 0) + 1);
  }

  /**
   * The device keeps tracking our sequence while we stay its owner: continue after its last accepted one. Without a
   * last-sequence tag in the site file, start from 0 (the device must then accept any number after an owner change).
   */
  private async readLast(eq: ResolvedEquipment): Promise<number | DeviceResult> {
    const tag = eq.equipment.jog.block?.lastSeqTag ? eq.tags.get(eq.equipment.jog.block.lastSeqTag) : undefined;
    if (!tag) return 0;
    const read = await this.device.readTag(eq, tag);
    if (!read.ok) return read;
    return typeof read.value === 'number' ? read.value : { ok: false, kind: 'invalid', code: 'jog-seq-unreadable', text: `${eq.equipment.id}: the last jog sequence is not a number` };
  }
}

/** Jog references straight to each command's speed-reference tag, with no jog block (the CLI's command service). */
export function plainJogWriter(device: DeviceAccess): JogWriter {
  return async (eq, _command, binding, speed, stillWanted) => {
    const motion = speed !== 0; // as below: a moving reference is withdrawn by a stop, a zero always goes
    if (motion && stillWanted?.() === false) return withdrawn();
    return endedOnItsWay(await device.writeTag(eq, binding, speed, 'control', motion, motion ? stillWanted : undefined));
  };
}

/** Builds the engine's jog writer. */
export function jogBlockWriter(device: DeviceAccess, consoleId: number): SequencedJogWriter {
  const sequences = new JogSequences(device);
  const write: JogWriter = async (eq, command, binding, speed, stillWanted) => {
    const block = eq.equipment.jog.block;
    const axis = eq.equipment.commands[command]?.axis;
    // A non-zero reference moves the equipment: a stop withdraws it while it waits. A zero is always let through.
    const motion = speed !== 0;
    if (motion && stillWanted?.() === false) return withdrawn();
    const wanted = motion ? stillWanted : undefined; // asked again right before it goes out
    if (!block || axis === undefined) return endedOnItsWay(await device.writeTag(eq, binding, speed, 'control', motion, wanted));
    if (!sequences.counting(eq.equipment.id)) {
      const failed = await sequences.ready(eq);
      // No count: a reference is not sent (its number would be a guess); a zero goes to the axis's speed reference
      // register instead, which the device applies whatever the sequence.
      if (failed) return motion ? failed : device.writeTag(eq, binding, 0, 'control', false);
      // The read took a round trip: a stop in that time found nothing queued to withdraw, so ask again here.
      if (motion && stillWanted?.() === false) return withdrawn();
    }
    // Numbered and queued in one synchronous step, so the device sees the numbers in the order they were given.
    // A number withdrawn unsent leaves a gap the device does not mind: later blocks are still newer.
    return endedOnItsWay(await device.writeModbusRegisters(eq.connectionId, eq.equipment.unitId, block.address, encodeJogBlock(consoleId, sequences.next(eq.equipment.id), axis, speed), 'control', motion ? eq.equipment.id : undefined, wanted));
  };
  return Object.assign(write, { restart: (equipmentId: string) => sequences.restart(equipmentId) });
}
