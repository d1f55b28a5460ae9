import { describe, expect, it } from 'vitest';
import { craneModel, CraneMap } from '../../../main/sim/crane/crane-map';
import { CRANE_AXES, initialCrane, stepCrane } from '../../../main/sim/crane/crane-model';
import { ControlMap } from '../../../main/sim/modbus-server/plc/control-map';
import { Fault, Refusal } from '../../../main/sim/modbus-server/plc/codes';
import { DeviceHarness } from './device-harness';

const H = { ...ControlMap.holding, ...CraneMap.holding };
const I = { ...ControlMap.input, ...CraneMap.input };
const C = { ...ControlMap.coil, ...CraneMap.coil };

function crane(): DeviceHarness<ReturnType<typeof initialCrane>> {
  return new DeviceHarness(craneModel);
}

describe('crane dynamics (pure step)', () => {
  it('ramps speed toward the reference at the acceleration limit, then holds it', () => {
    let state = initialCrane(1);
    state = { ...state, trolley: { ...state.trolley, ref: 2 } };
    state = stepCrane(state, 1000);
    expect(state.trolley.speed).toBeCloseTo(CRANE_AXES.trolley.accel, 6);
    for (let i = 0; i < 5; i++) state = stepCrane(state, 1000);
    expect(state.trolley.speed).toBeCloseTo(2, 6);
  });

  it('clamps position at a limit and stops the axis there', () => {
    let state = initialCrane(1);
    state = { ...state, hoist: { position: 44, speed: 1.5, ref: 1.5 } };
    for (let i = 0; i < 100; i++) state = stepCrane(state, 50);
    expect(state.hoist.position).toBe(CRANE_AXES.hoist.max);
    expect(state.hoist.speed).toBe(0);
  });

  it('is deterministic for a seed and varies the wind with the seed', () => {
    const run = (seed: number) => {
      let state = initialCrane(seed);
      for (let i = 0; i < 50; i++) state = stepCrane(state, 20);
      return state.wind;
    };
    expect(run(3)).toBe(run(3));
    expect(run(3)).not.toBe(run(4));
  });
});

describe('crane control block, interlocks and watchdog (through register writes)', () => {
  it('refuses motion without control, then accepts it with owner + heartbeat', () => {
    const h = crane();
    expect(h.writeFloat(H.gantrySpeedRef, 0.5)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.notOwner);
    h.writeWord(H.controlOwner, 7);
    expect(h.writeFloat(H.gantrySpeedRef, 0.5)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.noHeartbeat);
    h.heartbeat();
    expect(h.writeFloat(H.gantrySpeedRef, 0.5)).toBeUndefined();
    h.advanceWithHeartbeats(3000);
    expect(h.state.gantry.speed).toBeCloseTo(0.5, 6);
  });

  it('refuses an out-of-range speed with exception 3 and counts refusals', () => {
    const h = crane();
    h.takeControl();
    const before = h.input(I.refusalCount);
    expect(h.writeFloat(H.trolleySpeedRef, 99)).toBe(3);
    expect(h.writeFloat(H.trolleySpeedRef, Number.NaN)).toBe(3);
    expect(h.input(I.refusalReason)).toBe(Refusal.outOfRange);
    expect(h.input(I.refusalCount)).toBe(before + 2);
  });

  it('refuses a take while another console owns it; take-over wins and stops motion', () => {
    const h = crane();
    h.takeControl(7);
    h.writeFloat(H.trolleySpeedRef, 1);
    expect(h.writeWord(H.controlOwner, 9)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.ownedByOther);
    expect(h.writeWord(H.takeOver, 9)).toBeUndefined();
    expect(h.state.control.owner).toBe(9);
    expect(h.state.trolley.ref).toBe(0);
    expect(h.writeWord(H.controlOwner, 0)).toBeUndefined();
    expect(h.state.control.armed).toBe(false);
  });

  it('refuses trolley motion in wind above the limit', () => {
    const h = crane();
    h.takeControl();
    h.writeWord(H.simWindOverride, 250); // 25.0 m/s > 20.0
    h.advance(40);
    expect(h.writeFloat(H.trolleySpeedRef, 1)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.windTooHigh);
    expect(h.writeFloat(H.gantrySpeedRef, 0.2)).toBeUndefined();
    h.writeWord(H.windLimit, 300);
    expect(h.writeFloat(H.trolleySpeedRef, 1)).toBeUndefined();
  });

  it('refuses hoist up with the spreader unlocked and a load on it', () => {
    const h = crane();
    h.takeControl();
    h.writeWord(H.simLoadOverride, 50); // 5.0 t
    h.advance(40);
    expect(h.writeFloat(H.hoistSpeedRef, 0.5)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.spreaderUnlockedWithLoad);
    expect(h.writeFloat(H.hoistSpeedRef, -0.5)).toBeUndefined();
  });

  it('locks on a container when landed, lifts it (load, cycle count) and refuses to unlock it in the air', () => {
    const h = crane();
    h.takeControl();
    h.writeFloat(H.hoistSpeedRef, -1.5);
    h.advanceWithHeartbeats(20_000);
    expect(h.state.hoist.position).toBe(0);
    h.writeFloat(H.hoistSpeedRef, 0);
    h.advanceWithHeartbeats(500);
    expect(h.writeCoil(C.spreaderLock, true)).toBeUndefined();
    expect(h.input(I.twistlockState)).toBe(0); // moving
    expect(h.writeFloat(H.hoistSpeedRef, 0.5)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.twistlocksMoving);
    h.advanceWithHeartbeats(1100);
    expect(h.input(I.twistlockState)).toBe(2);
    expect(h.writeFloat(H.hoistSpeedRef, 0.5)).toBeUndefined();
    h.advanceWithHeartbeats(3000);
    expect(h.state.load).toBeGreaterThan(24);
    expect(h.state.hoistCycles).toBe(1);
    h.writeFloat(H.hoistSpeedRef, 0);
    h.advanceWithHeartbeats(2000);
    expect(h.writeCoil(C.spreaderUnlock, true)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.spreaderCarriesLoad);
  });

  it('refuses motion into a limit it already sits on', () => {
    const h = crane();
    h.takeControl();
    h.writeFloat(H.hoistSpeedRef, 1.5);
    h.advanceWithHeartbeats(25_000);
    expect(h.device.image.discrete[CraneMap.discrete.hoistLimitUpper]).toBe(1);
    expect(h.writeFloat(H.hoistSpeedRef, 0.5)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.atLimit);
  });

  it('watchdog: stale heartbeat stops motion and latches WATCHDOG; reset only with heartbeats back', () => {
    const h = crane();
    h.takeControl();
    h.writeFloat(H.trolleySpeedRef, 2);
    h.advanceWithHeartbeats(4000);
    expect(h.state.trolley.speed).toBeCloseTo(2, 6);
    h.heartbeat(); // the last one
    h.advance(480); // 480 ms < 500 ms survival
    expect(h.state.control.faultBits).toBe(0);
    h.advance(40);
    expect(h.state.control.firstFault).toBe(Fault.watchdog);
    expect(h.input(I.faultCode)).toBe(Fault.watchdog);
    expect(h.input(I.lastTripAgeMs)).toBeGreaterThanOrEqual(500);
    expect(h.input(I.lastTripAgeMs)).toBeLessThan(500 + h.tickMs);
    expect(h.state.trolley.ref).toBe(0);
    const quickStopMs = (2 / CRANE_AXES.trolley.quickStopDecel) * 1000;
    h.advance(quickStopMs + h.tickMs);
    expect(h.state.trolley.speed).toBe(0);
    expect(h.writeFloat(H.trolleySpeedRef, 1)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.faultLatched);
    expect(h.writeCoil(C.faultReset, true)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.heartbeatStale);
    h.advanceWithHeartbeats(200);
    expect(h.state.control.faultBits).toBe(Fault.watchdog); // still latched: heartbeats alone do not clear it
    expect(h.writeCoil(C.faultReset, true)).toBeUndefined();
    expect(h.state.control.faultBits).toBe(0);
    expect(h.writeFloat(H.trolleySpeedRef, 1)).toBeUndefined();
  });

  it('watchdog stays unarmed until the first heartbeat, and a constant value counts as stale', () => {
    const h = crane();
    h.writeWord(H.controlOwner, 7);
    h.advance(2000);
    expect(h.state.control.faultBits).toBe(0);
    h.writeWord(H.heartbeat, 42);
    for (let i = 0; i < 10; i++) {
      h.writeWord(H.heartbeat, 42); // written, but not changing
      h.advance(100);
    }
    expect(h.state.control.firstFault).toBe(Fault.watchdog);
  });

  it('stop coil zeroes every reference, from anyone; mode change needs standstill', () => {
    const h = crane();
    h.takeControl();
    h.writeFloat(H.gantrySpeedRef, 0.5);
    h.advanceWithHeartbeats(500);
    expect(h.writeWord(H.mode, 0)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.notStopped);
    expect(h.writeCoil(C.stop, true)).toBeUndefined();
    expect(h.state.gantry.ref).toBe(0);
    h.advanceWithHeartbeats(3000);
    expect(h.writeWord(H.mode, 0)).toBeUndefined();
    expect(h.writeFloat(H.gantrySpeedRef, 0.5)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.notRemote);
  });

  it('answers exception 2 for a write to a read-only or unmapped holding register', () => {
    const h = crane();
    expect(h.writeWord(8, 1)).toBe(2);
    expect(h.input(I.refusalReason)).toBe(Refusal.notWritable);
  });
});
