/** The crane panel's prediction: last position + speed × (RTT/2 + age), clamped, and none when it would be a guess. */
import { describe, expect, it } from 'vitest';
import { MAX_PREDICTION_MS, predictFromViews, predictPosition } from '../../../renderer/equipment/panels/crane/predict';
import { craneScale, ticks } from '../../../renderer/equipment/panels/crane/crane-geometry';

describe('predictPosition', () => {
  it('moves the last position on by speed × (one-way delay + age)', () => {
    // 2 m/s, RTT 80 ms (one way 40) + 60 ms old → 100 ms ahead → +0.2 m
    const p = predictPosition({ position: 30, speed: 2, ageMs: 60 }, 80);
    expect(p?.horizonMs).toBe(100);
    expect(p?.position).toBeCloseTo(30.2, 10);
  });

  it('follows the sign of the speed and stays put at standstill', () => {
    expect(predictPosition({ position: 10, speed: -1.5, ageMs: 0 }, 200)?.position).toBeCloseTo(9.85, 10);
    expect(predictPosition({ position: 10, speed: 0, ageMs: 500 }, 200)?.position).toBe(10);
  });

  it('clamps to the axis range (the machine stops at its limits)', () => {
    expect(predictPosition({ position: 44.9, speed: 1.5, ageMs: 200 }, 100, [0, 45])?.position).toBe(45);
    expect(predictPosition({ position: 0.05, speed: -1.5, ageMs: 200 }, 100, [0, 45])?.position).toBe(0);
  });

  it('from the panel\'s tags: none while the speed or the position is not live (an old speed would throw the ghost on)', () => {
    const live = (value: number, ageMs = 60) => ({ value, stale: false, ageMs });
    expect(predictFromViews(live(30), live(2), 80)?.position).toBeCloseTo(30.2, 10);
    expect(predictFromViews(live(30), { ...live(2), stale: true }, 80)).toBeUndefined();
    expect(predictFromViews({ ...live(30), stale: true }, live(2), 80)).toBeUndefined();
    expect(predictFromViews(live(30), { value: undefined, stale: true, ageMs: undefined }, 80)).toBeUndefined();
  });

  it('predicts nothing without an RTT, with bad input, or beyond the horizon limit', () => {
    expect(predictPosition({ position: 1, speed: 1, ageMs: 10 }, undefined)).toBeUndefined();
    expect(predictPosition({ position: Number.NaN, speed: 1, ageMs: 10 }, 20)).toBeUndefined();
    expect(predictPosition({ position: 1, speed: 1, ageMs: 10 }, -5)).toBeUndefined();
    expect(predictPosition({ position: 1, speed: 1, ageMs: MAX_PREDICTION_MS }, 20)).toBeUndefined();
    expect(predictPosition({ position: 1, speed: 1, ageMs: MAX_PREDICTION_MS - 10 }, 20)?.horizonMs).toBe(MAX_PREDICTION_MS);
  });
});

describe('craneScale', () => {
  it('uses one scale for both axes (drawn to scale)', () => {
    const s = craneScale([-25, 65], [0, 45], 900);
    expect(s.x(65) - s.x(-25)).toBeCloseTo(90 * s.pxPerM, 6);
    expect(s.y(0) - s.y(45)).toBeCloseTo(45 * s.pxPerM, 6);
    expect(s.x(0) - s.x(-10)).toBeCloseTo(s.y(0) - s.y(10), 6);
    expect(s.y(s.groundM)).toBeLessThan(s.height);
  });

  it('ticks fall on round numbers inside the range', () => {
    expect(ticks([-25, 65], 10)).toEqual([-20, -10, 0, 10, 20, 30, 40, 50, 60]);
    expect(ticks([0, 45], 10)).toEqual([0, 10, 20, 30, 40]);
  });
});
