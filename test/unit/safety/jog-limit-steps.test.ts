/**
 * The jog limit moves in whole steps, rounded down (never above the site's curve), and a jog held at its limit keeps
 * its device reference when the limit creeps up by one step, so RTT noise does not rewrite the reference on every
 * renewal; falls apply at once.
 */
import { describe, expect, it } from 'vitest';
import { heldThroughNoise } from '../../../main/engine/safety/jog-limit';
import { JOG_LIMIT_STEP, stepDown } from '../../../main/engine/safety/jog-limit';

describe('stepped jog limit', () => {
  it.each([
    [1, 1],
    [0.3, 0.3],
    [0.999, 0.98],
    [0.5999, 0.58],
    [0.011, 0],
  ])('fraction %f steps down to %f', (fraction, stepped) => expect(stepDown(fraction)).toBeCloseTo(stepped, 9));

  it('never rounds above the curve', () => {
    for (let f = 0; f <= 1; f += 0.0007) expect(stepDown(f)).toBeLessThanOrEqual(f + 1e-9);
  });
});

describe('hysteresis of a jog held at its limit', () => {
  const step = 1.5 * JOG_LIMIT_STEP; // hoist: full speed 1.5 m/s
  const at = (max: number) => ({ max, step });

  it('keeps the reference when the limit rises by one step', () => {
    expect(heldThroughNoise(0.9, 1.5, at(0.9 + step))).toBe(0.9);
    expect(heldThroughNoise(-0.9, -1.5, at(0.9 + step))).toBe(-0.9);
  });

  it('lets a rise of two steps through, and every fall', () => {
    expect(heldThroughNoise(0.9, 1.5, at(0.9 + 2 * step))).toBeUndefined();
    expect(heldThroughNoise(0.9, 1.5, at(0.9 - step))).toBeUndefined();
  });

  it('does not apply to a speed the operator chose below the limit, a new jog, or a reversal', () => {
    expect(heldThroughNoise(0.3, 0.33, at(1.2))).toBeUndefined();
    expect(heldThroughNoise(undefined, 1.5, at(0.9))).toBeUndefined();
    expect(heldThroughNoise(0, 1.5, at(0.9))).toBeUndefined();
    expect(heldThroughNoise(0.9, -1.5, at(0.9 + step))).toBeUndefined();
  });
});
