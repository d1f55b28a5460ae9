/** Ladle crane commands with the device-side interlocks. Pure. */
import { applySpeedRef } from '../modbus-server/plc/speed-ref';
import { Refusal, badValue, forbidden, type Refused } from '../modbus-server/plc/codes';
import { LADLE_AXES, inPourZone, overloaded, upright, type LadleState } from './ladle-model';

/** A ladle crane axis. */
export type LadleAxis = 'hoist' | 'tilt';

function axisInterlock(state: LadleState, axis: LadleAxis, ref: number): Refused | undefined {
  if (axis === 'hoist') {
    // A tilted ladle of liquid steel must not travel.
    if (!upright(state)) return forbidden(Refusal.ladleTilted);
    if (ref > 0 && overloaded(state)) return forbidden(Refusal.overload);
    return undefined;
  }
  // Tilting toward upright is always the safe way; tilting to pour needs a stopped hoist over the pour zone.
  const hoistStopped = state.hoist.speed === 0 && state.hoist.ref === 0;
  if (ref > 0 && !(hoistStopped && inPourZone(state))) return forbidden(Refusal.hoistNotStoppedInPourZone);
  return undefined;
}

/** Speed reference of one axis. Zero is always accepted. */
export function setLadleSpeedRef(state: LadleState, axis: LadleAxis, ref: number, nowMs: number): LadleState | Refused {
  return applySpeedRef(state, axis, ref, nowMs, LADLE_AXES[axis], axisInterlock);
}

/** Simulation controls: ladle mass (t, 0..400) and steel temperature override (°C, 0 = natural, else 1000..1800). */
export function setLadleSim(state: LadleState, key: keyof LadleState['sim'], value: number): LadleState | Refused {
  const ok = key === 'ladleMass' ? value >= 0 && value <= 400 : value === 0 || (value >= 1000 && value <= 1800);
  if (!ok) return badValue();
  return { ...state, sim: { ...state.sim, [key]: value } };
}

/** Both references to zero. */
export function zeroLadleRefs(state: LadleState): LadleState {
  return { ...state, hoist: { ...state.hoist, ref: 0 }, tilt: { ...state.tilt, ref: 0 } };
}
