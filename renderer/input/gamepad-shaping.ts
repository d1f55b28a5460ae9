/**
 * From a raw stick deflection to a jog speed: deadband (the stick's rest noise reads as zero), the remaining travel
 * rescaled so speed starts at zero at the deadband's edge (no jump), then a power response curve for fine control
 * near centre, and finally full scale and the engine's current limit. Pure functions; the profiles per equipment
 * type live in code (the site file does not carry them).
 */

/** How a stick drives one kind of equipment. */
export interface AxisProfile {
  /** Fraction of travel around centre that reads as zero (0..0.9). */
  deadband: number;
  /** Exponent of the response curve: 1 linear, 2 quadratic (finer near centre), up to 3. */
  exponent: number;
  /** Speed steps (fraction of full speed) the request is rounded to, so a trembling hand does not resend every frame. */
  step: number;
}

/** Defaults per equipment type: heavier, hotter loads get a wider deadband and a softer start. */
export const AXIS_PROFILES: Readonly<Record<string, AxisProfile>> = {
  'container-crane': { deadband: 0.12, exponent: 2, step: 0.02 },
  'ladle-crane': { deadband: 0.15, exponent: 2.5, step: 0.02 },
  'drill-rig': { deadband: 0.1, exponent: 1.5, step: 0.02 },
};

/** For any other type. */
export const DEFAULT_AXIS_PROFILE: AxisProfile = { deadband: 0.1, exponent: 2, step: 0.02 };

/** The profile of an equipment type. */
export function profileFor(type: string): AxisProfile {
  return AXIS_PROFILES[type] ?? DEFAULT_AXIS_PROFILE;
}

/** Deadband with the rest rescaled to 0..1 (sign kept); NaN or out-of-range input is clamped, NaN reads as zero. */
export function applyDeadband(raw: number, deadband: number): number {
  if (!Number.isFinite(raw)) return 0;
  const band = Math.min(Math.max(deadband, 0), 0.9);
  const magnitude = Math.min(Math.abs(raw), 1);
  if (magnitude <= band) return 0;
  return (Math.sign(raw) * (magnitude - band)) / (1 - band);
}

/** The power curve on a value already in −1..1 (sign kept). */
export function applyCurve(value: number, exponent: number): number {
  const e = Math.min(Math.max(exponent, 1), 3);
  return Math.sign(value) * Math.abs(value) ** e;
}

/** Deflection → −1..1 command: inversion, deadband, curve, rounding to the profile's step. */
export function shapeAxis(raw: number, profile: AxisProfile, invert: boolean): number {
  const shaped = applyCurve(applyDeadband(invert ? -raw : raw, profile.deadband), profile.exponent);
  const rounded = profile.step > 0 ? Math.round(shaped / profile.step) * profile.step : shaped;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/**
 * −1..1 command → signed speed in engineering units, never above full speed nor the engine's current limit. The cap
 * is rounded down to the step grid: the limit follows the measured round trip continuously, and a request that
 * tracked it exactly would change (and be written to the device) on every hold.
 */
export function toJogSpeed(command: number, fullSpeed: number, limit: number | undefined, step = 0): number {
  const full = Math.abs(fullSpeed);
  const quantum = step * full;
  const limitCap = limit === undefined ? Infinity : quantum > 0 ? Math.floor(Math.max(limit, 0) / quantum + 1e-9) * quantum : Math.max(limit, 0);
  const speed = Math.min(Math.abs(command) * full, full, limitCap);
  return speed === 0 ? 0 : Math.sign(command) * speed;
}
