import { describe, expect, it } from 'vitest';
import { ladleModel, LadleMap } from '../../../main/sim/ladle/ladle-map';
import { LADLE_AXES, initialLadle, stepLadle, type LadleState } from '../../../main/sim/ladle/ladle-model';
import { ControlMap } from '../../../main/sim/modbus-server/plc/control-map';
import { Fault, Refusal } from '../../../main/sim/modbus-server/plc/codes';
import { DeviceHarness } from './device-harness';

const H = { ...ControlMap.holding, ...LadleMap.holding };
const I = { ...ControlMap.input, ...LadleMap.input };
const C = ControlMap.coil;

const ladle = () => new DeviceHarness<LadleState>(ladleModel);

describe('ladle dynamics (pure step)', () => {
  it('ramps the hoist and cools the steel deterministically', () => {
    let state = initialLadle(1);
    state = { ...state, hoist: { ...state.hoist, ref: 0.3 } };
    state = stepLadle(state, 1000);
    expect(state.hoist.speed).toBeCloseTo(LADLE_AXES.hoist.accel, 6);
    for (let i = 0; i < 60; i++) state = stepLadle(state, 1000);
    expect(state.steelTemp).toBeCloseTo(1600 - 61 * (0.5 / 60), 6);
    expect(state.hookLoad).toBeGreaterThan(179);
  });
});

describe('ladle interlocks and watchdog (through register writes)', () => {
  it('refuses tilt unless the hoist is stopped in the pour zone', () => {
    const h = ladle();
    h.takeControl();
    expect(h.writeFloat(H.tiltSpeedRef, 1)).toBe(4); // hoist at 5 m, zone is 8..12 m
    expect(h.input(I.refusalReason)).toBe(Refusal.hoistNotStoppedInPourZone);
    h.writeFloat(H.hoistSpeedRef, 0.3);
    h.advanceWithHeartbeats(12_000);
    expect(h.writeFloat(H.tiltSpeedRef, 1)).toBe(4); // in the zone but moving
    h.writeFloat(H.hoistSpeedRef, 0);
    h.advanceWithHeartbeats(3000);
    expect(h.state.hoist.position).toBeGreaterThan(8);
    expect(h.state.hoist.position).toBeLessThan(12);
    expect(h.writeFloat(H.tiltSpeedRef, 3)).toBeUndefined();
    h.advanceWithHeartbeats(15_000);
    expect(h.state.tilt.position).toBeGreaterThan(30);
    expect(h.state.pourCount).toBe(1);
    expect(h.writeFloat(H.hoistSpeedRef, 0.1)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.ladleTilted);
    expect(h.writeFloat(H.tiltSpeedRef, -3)).toBeUndefined(); // back to upright is always allowed
  });

  it('refuses hoist up when overloaded', () => {
    const h = ladle();
    h.takeControl();
    h.writeWord(H.simLadleMass, 2200); // 220 t > 200 t rating
    h.advance(40);
    expect(h.writeFloat(H.hoistSpeedRef, 0.1)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.overload);
    expect(h.writeFloat(H.hoistSpeedRef, -0.1)).toBeUndefined();
  });

  it('watchdog latches, quick-stops the hoist, and resets only after heartbeats resume', () => {
    const h = ladle();
    h.takeControl();
    h.writeFloat(H.hoistSpeedRef, 0.3);
    h.advanceWithHeartbeats(3000);
    h.heartbeat();
    h.advance(520);
    expect(h.input(I.faultCode)).toBe(Fault.watchdog);
    h.advance(1000 + h.tickMs);
    expect(h.state.hoist.speed).toBe(0);
    expect(h.writeCoil(C.faultReset, true)).toBe(4);
    h.advanceWithHeartbeats(100);
    h.heartbeat();
    expect(h.writeCoil(C.faultReset, true)).toBeUndefined();
    expect(h.input(I.faultCode)).toBe(0);
  });

  it('an injected drive fault latches and stops motion until reset', () => {
    const h = ladle();
    h.takeControl();
    h.writeFloat(H.hoistSpeedRef, 0.2);
    h.advanceWithHeartbeats(1000);
    expect(h.writeWord(H.simFaultInject, Fault.driveFault)).toBeUndefined();
    expect(h.state.control.faultBits).not.toBe(0);
    h.advanceWithHeartbeats(1500);
    expect(h.state.hoist.speed).toBe(0);
    h.heartbeat();
    expect(h.writeCoil(C.faultReset, true)).toBeUndefined();
    expect(h.state.control.faultBits).toBe(0);
  });
});
