/** The shape of a simulated machine: its state, register points and model (types only; machine.ts drives them). */
import type { ImageSizes, RegisterImage } from '../register-image';
import type { Refused } from './codes';
import type { ControlState } from './control';

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
