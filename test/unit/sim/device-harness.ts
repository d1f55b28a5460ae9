/** Drives a MachineDevice with a fake clock and real Modbus request PDUs (no sockets, no wall clock). */
import { handlePdu } from '../../../main/sim/modbus-server/pdu-handler';
import { float32Words } from '../../../main/sim/modbus-server/register-image';
import { MachineDevice } from '../../../main/sim/modbus-server/plc/device';
import type { MachineModel, MachineState } from '../../../main/sim/modbus-server/plc/machine-model';

/** Outcome of a write: undefined = accepted, else the Modbus exception code. */
export type WriteResult = number | undefined;

/** A device stepped by hand: `advance(ms)` ticks the model every `tickMs` of fake time. */
export class DeviceHarness<S extends MachineState> {
  now = 1000;
  readonly device: MachineDevice<S>;

  constructor(
    model: MachineModel<S>,
    readonly tickMs = 20,
  ) {
    this.device = new MachineDevice(model, { tickMs: 0, clock: () => this.now, seed: 7 });
  }

  get state(): S {
    return this.device.state;
  }

  advance(ms: number): void {
    for (let t = 0; t < ms; t += this.tickMs) {
      this.now += this.tickMs;
      this.device.tick();
    }
  }

  private send(pdu: number[]): WriteResult {
    const reply = handlePdu(this.device, Buffer.from(pdu));
    return (reply[0] ?? 0) & 0x80 ? reply[1] : undefined;
  }

  writeWord(address: number, value: number): WriteResult {
    return this.send([6, address >> 8, address & 0xff, (value >> 8) & 0xff, value & 0xff]);
  }

  writeFloat(address: number, value: number): WriteResult {
    const [hi, lo] = float32Words(value);
    return this.send([16, address >> 8, address & 0xff, 0, 2, 4, hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }

  /** FC16: writes `words` from `address` in one request. */
  writeWords(address: number, words: readonly number[]): WriteResult {
    const bytes = words.flatMap((w) => [(w >> 8) & 0xff, w & 0xff]);
    return this.send([16, address >> 8, address & 0xff, 0, words.length, bytes.length, ...bytes]);
  }

  /** One jog block write (holding 40..44): console id, seq, axis index, speed reference (float32 ABCD). */
  jog(consoleId: number, seq: number, axis: number, ref: number): WriteResult {
    return this.writeWords(40, [consoleId, seq & 0xffff, axis, ...float32Words(ref)]);
  }

  writeCoil(address: number, on: boolean): WriteResult {
    return this.send([5, address >> 8, address & 0xff, on ? 0xff : 0, 0]);
  }

  input(address: number): number {
    return this.device.image.input[address] ?? 0;
  }

  /** Takes control as console 7, arms the watchdog and keeps heartbeats going for `ms`. */
  takeControl(id = 7): void {
    this.writeWord(2, id);
    this.heartbeat();
  }

  private beat = 0;
  heartbeat(): void {
    this.beat = (this.beat + 1) & 0xffff;
    this.writeWord(0, this.beat);
  }

  /** Advances `ms` while sending a heartbeat every `periodMs`. */
  advanceWithHeartbeats(ms: number, periodMs = 100): void {
    for (let t = 0; t < ms; t += periodMs) {
      this.heartbeat();
      this.advance(periodMs);
    }
  }
}
