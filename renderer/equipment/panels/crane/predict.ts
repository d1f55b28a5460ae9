/**
 * Where an axis is predicted to be now: the last confirmed position moved on at its last speed for the time the value
 * has been travelling — the one-way delay of the link (RTT/2) plus the value's age since the engine confirmed it.
 */

/** The last reading of one axis. */
export interface AxisReading {
  position: number;
  /** Engineering units per second, same sign convention as the position. */
  speed: number;
  /** Time since the engine confirmed the position, ms. */
  ageMs: number;
}

/** A predicted position and how far ahead of the reading it looks. */
export interface Prediction {
  position: number;
  horizonMs: number;
}

/** Beyond this, extrapolating is guessing: no prediction is drawn (the value is stale anyway). */
export const MAX_PREDICTION_MS = 2000;

/**
 * The predicted position, clamped to the axis range (the machine stops at its limits); undefined without an RTT
 * figure, with a non-finite input, or when the horizon exceeds MAX_PREDICTION_MS.
 */
export function predictPosition(reading: AxisReading, rttMs: number | undefined, range?: readonly [number, number]): Prediction | undefined {
  if (rttMs === undefined || !Number.isFinite(rttMs) || rttMs < 0) return undefined;
  if (![reading.position, reading.speed, reading.ageMs].every(Number.isFinite)) return undefined;
  const horizonMs = rttMs / 2 + Math.max(0, reading.ageMs);
  if (horizonMs > MAX_PREDICTION_MS) return undefined;
  let position = reading.position + (reading.speed * horizonMs) / 1000;
  if (range) position = Math.min(range[1], Math.max(range[0], position));
  return { position, horizonMs };
}

/** One tag as the panel sees it: its value, whether it is live, its age. */
export interface AxisView {
  value: number | undefined;
  stale: boolean;
  ageMs: number | undefined;
}

/**
 * The prediction from an axis's position and speed tags: none while either is not live (a stale speed would throw
 * the ghost along an old motion; a stale position is not drawn as a fact, so neither is where it went).
 */
export function predictFromViews(position: AxisView, speed: AxisView, rttMs: number | undefined, range?: readonly [number, number]): Prediction | undefined {
  if (position.stale || speed.stale || position.value === undefined || speed.value === undefined || position.ageMs === undefined) return undefined;
  return predictPosition({ position: position.value, speed: speed.value, ageMs: position.ageMs }, rttMs, range);
}
