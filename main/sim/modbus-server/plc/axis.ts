/** One motion axis (gantry, trolley, hoist, tilt): speed ramps toward its reference, position clamps at limits. */

/** Fixed properties of an axis. Units are the axis's own (m, m/s, m/s², or degrees). */
export interface AxisParams {
  min: number;
  max: number;
  maxSpeed: number;
  /** Acceleration and normal deceleration limit. */
  accel: number;
  /** Deceleration of a controlled (quick) stop: watchdog, stop command, fault. */
  quickStopDecel: number;
}

/** The moving state of an axis. */
export interface AxisState {
  position: number;
  speed: number;
  /** Speed reference as last accepted from the console (0 after a stop). */
  ref: number;
}

/** Below this speed an axis counts as stopped. */
export const STANDSTILL = 1e-3;

/** An axis at rest at `position`. */
export function axisAt(position: number): AxisState {
  return { position, speed: 0, ref: 0 };
}

/** Advances an axis by dt seconds. `quickStop` ramps to zero with the quick-stop deceleration, whatever the ref. */
export function stepAxis(axis: AxisState, params: AxisParams, dtS: number, quickStop = false): AxisState {
  const target = quickStop ? 0 : Math.max(-params.maxSpeed, Math.min(params.maxSpeed, axis.ref));
  const rate = quickStop ? params.quickStopDecel : params.accel;
  const maxChange = rate * dtS;
  const delta = Math.max(-maxChange, Math.min(maxChange, target - axis.speed));
  let speed = axis.speed + delta;
  if (Math.abs(speed) < STANDSTILL && target === 0) speed = 0;
  // Trapezoid rule: the position follows the mean speed over the step.
  let position = axis.position + ((axis.speed + speed) / 2) * dtS;
  if (position <= params.min) {
    position = params.min;
    speed = Math.max(0, speed);
  } else if (position >= params.max) {
    position = params.max;
    speed = Math.min(0, speed);
  }
  return { position, speed, ref: quickStop ? 0 : axis.ref };
}

/** Limit switches: [at or below min, at or above max]. */
export function axisLimits(axis: AxisState, params: AxisParams): [atMin: boolean, atMax: boolean] {
  return [axis.position <= params.min + STANDSTILL, axis.position >= params.max - STANDSTILL];
}

/** True when a reference of `ref` would drive the axis further into a limit it already sits on. */
export function drivesIntoLimit(axis: AxisState, params: AxisParams, ref: number): boolean {
  const [atMin, atMax] = axisLimits(axis, params);
  return (ref < 0 && atMin) || (ref > 0 && atMax);
}

/** A speed reference is a finite number within ±maxSpeed. */
export function validSpeedRef(params: AxisParams, ref: number): boolean {
  return Number.isFinite(ref) && Math.abs(ref) <= params.maxSpeed + 1e-6;
}
