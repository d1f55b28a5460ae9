/** The speed-reference command every simulated machine shares: validation, control gate, interlocks, limits. */
import { drivesIntoLimit, validSpeedRef, type AxisParams, type AxisState } from './axis';
import { Refusal, badValue, forbidden, type Refused } from './codes';
import { motionRefusal, type ControlState } from './control';
import { endLease } from './jog';

/** A machine state with a control block and named axes. */
type MachineWithAxes<A extends string> = { control: ControlState } & Record<A, AxisState>;

/**
 * Sets the speed reference of one axis. Zero (stop) is always accepted; anything else must pass the control
 * gate (owner, remote, no fault, fresh heartbeat), the machine's own interlocks and the axis limits.
 */
export function applySpeedRef<A extends string, S extends MachineWithAxes<A>>(
  state: S,
  axis: A,
  ref: number,
  nowMs: number,
  params: AxisParams,
  interlock: (state: S, axis: A, ref: number) => Refused | undefined,
): S | Refused {
  if (!validSpeedRef(params, ref)) return badValue();
  if (ref !== 0) {
    const refused = motionRefusal(state.control, nowMs) ?? interlock(state, axis, ref);
    if (refused) return refused;
    if (drivesIntoLimit(state[axis], params, ref)) return forbidden(Refusal.atLimit);
  }
  // Whoever sets the reference now owns it: a jog lease of this axis ends (the jog block renews it after this call).
  return { ...state, [axis]: { ...state[axis], ref }, control: { ...state.control, jog: endLease(state.control.jog, axis) } };
}
