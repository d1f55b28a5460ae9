/**
 * Latency-adaptive jog limit: the largest speed allowed falls as the measured round trip grows, along the
 * equipment's curve in the site file, and motion is refused above its unsafe RTT (remote-driving rules work this way).
 */
import type { TagBinding } from '../drivers/driver';
import type { ResolvedEquipment } from './equipment-index';
import type { ValueProblem } from '../../../shared/site/value-check';

/** The speed limit for a jog tag now. */
export interface JogLimit {
  /** Largest |speed| allowed, engineering units. */
  max: number;
  /** Set when motion is refused outright. */
  refusal?: ValueProblem;
  /** One step of the limit (JOG_LIMIT_STEP of full speed), engineering units. */
  step: number;
}

/**
 * The limit moves in steps of this fraction of full speed, rounded down (never above the curve): the RTT wanders a
 * little all the time, and a limit that followed it exactly would change the device's reference on every renewal.
 */
export const JOG_LIMIT_STEP = 0.02;

/** `fraction` rounded down to a whole step (with a little slack so 0.3 stays 0.3 despite binary fractions). */
export function stepDown(fraction: number): number {
  return Math.floor(fraction / JOG_LIMIT_STEP + 1e-9) * JOG_LIMIT_STEP;
}

/** Fraction of full speed allowed at `rttMs` by a curve of [rttMs, fraction] points (linear in between). */
export function curveFraction(curve: readonly (readonly [number, number])[], rttMs: number): number {
  const points = [...curve].sort((a, b) => a[0] - b[0]);
  const first = points[0];
  if (!first) return 1;
  if (rttMs <= first[0]) return first[1];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i] as [number, number];
    const [x0, y0] = points[i - 1] as [number, number];
    if (rttMs <= x1) return y0 + ((y1 - y0) * (rttMs - x0)) / (x1 - x0);
  }
  return (points[points.length - 1] as [number, number])[1];
}

/** The limit for `binding` on `eq` at the measured RTT (undefined: nothing measured yet, so no reduction). */
export function jogLimit(eq: ResolvedEquipment, binding: TagBinding, rttMs: number | undefined): JogLimit {
  const range = binding.tag.range;
  if (!range) return { max: 0, step: 0, refusal: { code: 'no-range', text: `${binding.name} has no range in the site file: the jog limit cannot be scaled` } };
  const full = Math.max(Math.abs(range[0]), Math.abs(range[1]));
  const step = full * JOG_LIMIT_STEP;
  if (rttMs === undefined) return { max: full, step };
  if (rttMs > eq.equipment.link.rttUnsafeMs) {
    return { max: 0, step, refusal: { code: 'rtt-unsafe', text: `Round trip ${Math.round(rttMs)} ms is above the ${eq.equipment.link.rttUnsafeMs} ms motion limit`, values: { rttMs: Math.round(rttMs) } } };
  }
  return { max: full * stepDown(curveFraction(eq.equipment.jog.curve, rttMs)), step };
}

/**
 * Hysteresis for a jog held at its limit: when the limit rises by a single step, the reference already on the device
 * stays (RTT noise around a step boundary would otherwise rewrite it on every renewal); a fall applies at once, and a
 * rise of two steps or more goes through. Undefined when it does not apply.
 */
export function heldThroughNoise(current: number | undefined, speed: number, limit: { max: number; step: number }): number | undefined {
  if (current === undefined || current === 0 || Math.sign(current) !== Math.sign(speed)) return undefined;
  const held = Math.abs(current);
  if (Math.abs(speed) < limit.max) return undefined; // not capped: the operator's own speed applies
  return limit.max > held && limit.max - held <= limit.step * 1.000001 ? current : undefined;
}
