/** The shape of a simulated machine (model + register map) and the pure functions that drive one. */
import type { ImageSizes, RegisterImage } from '../register-image';
import type { ProposedWrite } from '../slave';
import { Refusal, type Refused } from './codes';
import { isRefused, stepWatchdog, withRefusal, type ControlState } from './control';

/** Every machine state carries the shared control block. */
export interface MachineState {
  control: ControlState;
}

/** A writable holding-register point: 1 or 2 words, decoded to a number, applied to the state. */
export interface HoldingPoint<S> {
  address: number;
  words: 1 | 2;
  decode(words: readonly number[]): number;
  apply(state: S, value: number, nowMs: number): S | Refused;
}

/** A writable coil: applied to the state with its new value. */
export interface CoilPoint<S> {
  address: number;
  apply(state: S, on: boolean, nowMs: number): S | Refused;
}

/** A machine model with its register map: pure functions the device runs. */
export interface MachineModel<S extends MachineState> {
  sizes: ImageSizes;
  /** Writable points in ascending address order (a multi-point write applies them in that order). */
  holdingPoints: readonly HoldingPoint<S>[];
  coilPoints: readonly CoilPoint<S>[];
  initial(seed: number): S;
  /** Dynamics for dtMs. Must bring every axis to a quick stop while any fault is latched. */
  step(state: S, dtMs: number, nowMs: number): S;
  /** Writes the machine's own registers (the control block is rendered by the device). */
  render(state: S, image: RegisterImage, nowMs: number): void;
  /** All motion references to zero (stop, owner change, local mode). */
  zeroRefs(state: S): S;
  /** Any non-zero motion reference. */
  motionCommanded(state: S): boolean;
  /** Every axis stopped. */
  standstill(state: S): boolean;
  /** Bits 8..15 of the status word (machine-specific). */
  statusBits(state: S): readonly boolean[];
  /** Fault bits whose cause is still present (a reset leaves them latched). */
  persistingFaults(state: S): number;
}

/** One model tick: watchdog check, then dynamics. Pure. */
export function tickMachine<S extends MachineState>(model: MachineModel<S>, state: S, dtMs: number, nowMs: number): S {
  const control = stepWatchdog(state.control, nowMs, model.motionCommanded(state));
  const watched = control === state.control ? state : model.zeroRefs({ ...state, control });
  return model.step(watched, dtMs, nowMs);
}

/** What a write did: the new state, or the refusal (already recorded in the returned state's control block). */
export type WriteOutcome<S> = { state: S; refused?: Refused };

/**
 * Applies a Modbus write to the state, point by point in address order, all-or-nothing. Every address written must
 * belong to a writable point (else exception 2); `wordAfter` gives a holding word as it will be after the write
 * (for a two-word value written half at a time).
 */
export function applyWrite<S extends MachineState>(
  model: MachineModel<S>,
  state: S,
  write: ProposedWrite,
  wordAfter: (address: number) => number,
  nowMs: number,
): WriteOutcome<S> {
  const end = write.start + write.values.length;
  const refuse = (refused: Refused): WriteOutcome<S> => ({ state: { ...state, control: withRefusal(state.control, refused) }, refused });
  let next = state;
  let covered = 0;
  if (write.table === 'coil') {
    for (const point of model.coilPoints) {
      if (point.address < write.start || point.address >= end) continue;
      covered++;
      const result = point.apply(next, write.values[point.address - write.start] === 1, nowMs);
      if (isRefused(result)) return refuse(result);
      next = result;
    }
  } else {
    for (const point of model.holdingPoints) {
      if (point.address + point.words <= write.start || point.address >= end) continue;
      covered += Math.min(end, point.address + point.words) - Math.max(write.start, point.address);
      const words = Array.from({ length: point.words }, (_, i) => wordAfter(point.address + i));
      const result = point.apply(next, point.decode(words), nowMs);
      if (isRefused(result)) return refuse(result);
      next = result;
    }
  }
  if (covered !== write.values.length) return refuse({ refused: Refusal.notWritable, exception: 2 });
  return { state: next };
}
