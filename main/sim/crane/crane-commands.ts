/** Crane commands with the device-side interlocks: each returns the new state or the refusal. Pure. */
import { applySpeedRef } from '../modbus-server/plc/speed-ref';
import { Refusal, badValue, forbidden, type Refused } from '../modbus-server/plc/codes';
import { motionRefusal } from '../modbus-server/plc/control';
import { CRANE, CRANE_AXES, landed, windHigh, type CraneState } from './crane-model';

/** A crane axis. */
export type CraneAxis = 'gantry' | 'trolley' | 'hoist';

/** Axis-specific interlocks for a non-zero reference. */
function axisInterlock(state: CraneState, axis: CraneAxis, ref: number): Refused | undefined {
  if (axis === 'trolley' && windHigh(state)) return forbidden(Refusal.windTooHigh);
  if (axis !== 'hoist') return undefined;
  if (state.twistlocks === 'moving') return forbidden(Refusal.twistlocksMoving);
  if (ref > 0 && state.twistlocks === 'unlocked' && state.load > CRANE.loadedThresholdT) return forbidden(Refusal.spreaderUnlockedWithLoad);
  if (ref > 0 && state.load > CRANE.ratedLoadT) return forbidden(Refusal.overload);
  return undefined;
}

/** Speed reference of one axis. Zero (stop) is always accepted; anything else passes the control gate and interlocks. */
export function setSpeedRef(state: CraneState, axis: CraneAxis, ref: number, nowMs: number): CraneState | Refused {
  return applySpeedRef(state, axis, ref, nowMs, CRANE_AXES[axis], axisInterlock);
}

/** Lock or unlock the spreader twistlocks (a 1 s travel). Needs control and a stopped hoist. */
export function commandTwistlocks(state: CraneState, target: 'locked' | 'unlocked', nowMs: number): CraneState | Refused {
  const refused = motionRefusal(state.control, nowMs);
  if (refused) return refused;
  if (state.hoist.speed !== 0 || state.hoist.ref !== 0) return forbidden(Refusal.notStopped);
  // Opening the locks under a hanging container would drop it.
  if (target === 'unlocked' && state.containerOnSpreader && !landed(state)) return forbidden(Refusal.spreaderCarriesLoad);
  if (state.twistlocks === target && state.twistlockTarget === target) return state;
  return { ...state, twistlocks: 'moving', twistlockTarget: target, twistlockRemainingMs: CRANE.twistlockTravelMs };
}

/** Wind limit setpoint (m/s, 5..30). Needs an owner in remote. */
export function setWindLimit(state: CraneState, limit: number): CraneState | Refused {
  if (!(limit >= 5 && limit <= 30)) return badValue();
  if (!state.control.remote) return forbidden(Refusal.notRemote);
  if (state.control.owner === 0) return forbidden(Refusal.notOwner);
  return { ...state, windLimit: limit };
}

/** Simulation controls (not on a real crane): wind and load overrides, container mass. */
export function setSimControl(state: CraneState, key: keyof CraneState['sim'], value: number): CraneState | Refused {
  if (!(value >= 0 && value <= 100)) return badValue();
  return { ...state, sim: { ...state.sim, [key]: value } };
}

/** All speed references to zero. */
export function zeroCraneRefs(state: CraneState): CraneState {
  return { ...state, gantry: { ...state.gantry, ref: 0 }, trolley: { ...state.trolley, ref: 0 }, hoist: { ...state.hoist, ref: 0 } };
}
