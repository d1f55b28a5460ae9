/** Stick shaping: deadband with rescale, response curve, rounding, full scale and the engine's limit, profiles per type. */
import { describe, expect, it } from 'vitest';
import { applyCurve, applyDeadband, profileFor, shapeAxis, toJogSpeed, DEFAULT_AXIS_PROFILE } from '../../../../renderer/input/gamepad-shaping';

describe('applyDeadband', () => {
  it.each([
    [0, 0.1, 0],
    [0.1, 0.1, 0],
    [-0.1, 0.1, 0],
    [0.55, 0.1, 0.5],
    [-0.55, 0.1, -0.5],
    [1, 0.1, 1],
    [-1, 0.1, -1],
    [1.3, 0.1, 1], // a pad reporting beyond its range is clamped
    [Number.NaN, 0.1, 0],
    [0.5, 0.95, 0], // deadband capped at 0.9
  ])('raw %d with deadband %d → %d', (raw, band, expected) => {
    expect(applyDeadband(raw, band)).toBeCloseTo(expected, 9);
  });

  it('starts from zero at the edge of the band: no jump when leaving it', () => {
    expect(applyDeadband(0.1001, 0.1)).toBeLessThan(0.001);
    expect(applyDeadband(0.1001, 0.1)).toBeGreaterThan(0);
  });
});

describe('applyCurve', () => {
  it('is linear at exponent 1 and finer near centre above it, keeping the sign and both ends', () => {
    expect(applyCurve(0.5, 1)).toBe(0.5);
    expect(applyCurve(0.5, 2)).toBe(0.25);
    expect(applyCurve(-0.5, 2)).toBe(-0.25);
    expect(applyCurve(1, 2.5)).toBe(1);
    expect(applyCurve(-1, 3)).toBe(-1);
    expect(applyCurve(0.5, 10)).toBe(0.125); // exponent capped at 3
    expect(applyCurve(0.5, 0)).toBe(0.5); // and at least 1: never more sensitive than linear
  });
});

describe('shapeAxis', () => {
  const profile = { deadband: 0.1, exponent: 2, step: 0.02 };
  it('applies inversion, deadband, curve and rounding in that order', () => {
    expect(shapeAxis(0.55, profile, false)).toBeCloseTo(0.26, 9); // 0.5² = 0.25 → rounded to 0.26
    expect(shapeAxis(0.55, profile, true)).toBeCloseTo(-0.26, 9);
    expect(shapeAxis(-1, profile, true)).toBe(1);
    expect(shapeAxis(0.05, profile, false)).toBe(0);
  });

  it('reads a tremble around one deflection as one speed, and never −0', () => {
    const speeds = new Set([0.7, 0.701, 0.702, 0.699].map((raw) => shapeAxis(raw, profile, false)));
    expect(speeds.size).toBe(1);
    expect(Object.is(shapeAxis(-0.11, profile, false), -0)).toBe(false);
  });
});

describe('toJogSpeed', () => {
  it('scales to full speed and caps at the engine limit, keeping the direction', () => {
    expect(toJogSpeed(0.5, 1.5, undefined)).toBeCloseTo(0.75, 9);
    expect(toJogSpeed(-1, 1.5, undefined)).toBe(-1.5);
    expect(toJogSpeed(1, 1.5, 0.6)).toBe(0.6);
    expect(toJogSpeed(-1, 1.5, 0.6)).toBe(-0.6);
    expect(toJogSpeed(0.2, 1.5, 0.6)).toBeCloseTo(0.3, 9);
    expect(toJogSpeed(1, 1.5, 0)).toBe(0); // motion refused by the engine: nothing requested
    expect(toJogSpeed(0, 1.5, 1)).toBe(0);
  });

  it('rounds the cap down to the step grid, so a limit that drifts with the round trip does not change the request', () => {
    const requests = new Set([0.6013, 0.6071, 0.6149, 0.6002].map((limit) => toJogSpeed(1, 1.5, limit, 0.02)));
    expect([...requests]).toEqual([0.6]);
    expect(toJogSpeed(-1, 1.5, 0.6149, 0.02)).toBeCloseTo(-0.6, 9);
    expect(toJogSpeed(0.2, 1.5, 0.6149, 0.02)).toBeCloseTo(0.3, 9); // below the cap: the stick's own speed
  });
});

describe('profiles', () => {
  it('has a profile per known type and a default for others', () => {
    expect(profileFor('ladle-crane').deadband).toBeGreaterThan(profileFor('container-crane').deadband);
    expect(profileFor('ladle-crane').exponent).toBeGreaterThan(profileFor('drill-rig').exponent);
    expect(profileFor('unknown-type')).toBe(DEFAULT_AXIS_PROFILE);
  });
});
