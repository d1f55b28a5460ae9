/** The shape of a simulated machine (model + register map) and the pure functions that drive one. */
import type { ImageSizes, RegisterImage } from '../register-image';
import type { ProposedWrite } from '../slave';
import { Refusal, type Refused } from './codes';
import { isRefused, stepWatchdog, withRefusal, type ControlState } from './control';
import { stepJogLeases } from './jog-command';

/** Every machine state carries the shared control block. */
export interface MachineState {
  control: ControlState;
}

/** A refusal that still changes the state (bookkeeping only, e.g. a consumed jog sequence number and its counter). */
export type RefusedWithState<S> = Refused & { keep: S };

/** A writable holding-register point: 1 or more words, decoded to a number, applied to the state. */
export interface HoldingPoint<S> {
  address: number;
  words: number;
  /** A command block: must be written exactly and alone (one request covering all its words and nothing else). */
  exclusive?: boolean;
  decode(words: readonly number[]): number;
  /** `words` are the point's raw words (a command block reads its fields from them). */
  apply(state: S, value: number, nowMs: number, words: readonly number[]): S | Refused | RefusedWithState<S>;
}

/** An axis the jog command block can drive, by its index in MachineModel.jogAxes. */
export interface JogAxis<S> {
  name: string;
  /** The axis's effective speed reference. */
  ref(state: S): number;
  /** Sets the axis's speed reference through the machine's own gate and interlocks (zero is always accepted). */
  setRef(state: S, ref: number, nowMs: number): S | Refused;
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
  /** Axes of the jog command block, index = the block's axis field. */
  jogAxes: readonly JogAxis<S>[];
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

/** One model tick: watchdog check, jog leases, then dynamics. Pure. */
export function tickMachine<S extends MachineState>(model: MachineModel<S>, state: S, dtMs: number, nowMs: number): S {
  const control = stepWatchdog(state.control, nowMs, model.motionCommanded(state));
  const watched = control === state.control ? state : model.zeroRefs({ ...state, control });
  return model.step(stepJogLeases(model, watched, nowMs), dtMs, nowMs);
}

/** The state a refusal keeps, if it keeps one. */
function keptState<S>(refused: Refused | RefusedWithState<S>): S | undefined {
  return 'keep' in refused ? refused.keep : undefined;
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
  const refuse = (refused: Refused, base: S = state): WriteOutcome<S> => ({
    state: { ...base, control: withRefusal(base.control, refused) },
    refused: { refused: refused.refused, exception: refused.exception },
  });
  const block = write.table === 'holding' ? model.holdingPoints.find((p) => p.exclusive && p.address < end && p.address + p.words > write.start) : undefined;
  if (block && (write.start !== block.address || write.values.length !== block.words)) {
    return refuse({ refused: Refusal.partialBlock, exception: 2 });
  }
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
      const result = point.apply(next, point.decode(words), nowMs, words);
      // Only an exclusive point (the write's sole point) may keep bookkeeping on refusal: all-or-nothing holds.
      if (isRefused(result)) return refuse(result, keptState(result) ?? state);
      next = result;
    }
  }
  if (covered !== write.values.length) return refuse({ refused: Refusal.notWritable, exception: 2 });
  return { state: next };
}
