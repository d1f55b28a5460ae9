import { describe, expect, it } from 'vitest';
import { Fault, Refusal, faultBit } from '../../../main/sim/modbus-server/plc/codes';
import { EngineState, REFUSAL_ENGINE_OFF, RigModel } from '../../../main/sim/rig/rig-model';

/** A rig owned by console 7 with live heartbeats up to `t`. */
function ownedRig(t = 0): RigModel {
  const rig = new RigModel(t, 500);
  expect(rig.setOwner(7)).toBeUndefined();
  rig.heartbeat(1, t);
  return rig;
}

/** Steps to `to` in 100 ms ticks, writing a changing heartbeat when `beat`. */
function run(rig: RigModel, from: number, to: number, beat: boolean): void {
  for (let t = from; t <= to; t += 100) {
    if (beat) rig.heartbeat(t / 100 + 1, t);
    rig.step(t);
  }
}

describe('rig model', () => {
  it('refuses drilling without control, and records the refusal', () => {
    const rig = new RigModel(0);
    expect(rig.startDrilling(0)?.refused).toBe(Refusal.notOwner);
    expect(rig.control.lastRefusal).toBe(Refusal.notOwner);
    expect(rig.control.refusalCount).toBe(1);
  });

  it('needs fresh heartbeats before motion', () => {
    const rig = new RigModel(0);
    rig.setOwner(7);
    expect(rig.startDrilling(0)?.refused).toBe(Refusal.noHeartbeat);
    rig.heartbeat(1, 0);
    expect(rig.startDrilling(0)).toBeUndefined();
  });

  it('drills: rotation and feed ramp to their setpoints and depth grows', () => {
    const rig = ownedRig();
    rig.startDrilling(0);
    run(rig, 100, 5000, true);
    expect(rig.process.rotationSpeed).toBe(rig.process.rotationSetpoint);
    expect(rig.process.feedForce).toBe(rig.process.feedSetpoint);
    expect(rig.process.penetrationRate).toBeGreaterThan(0);
    expect(rig.process.depth).toBeGreaterThan(0);
    expect(rig.process.flushingPressure).toBeGreaterThan(0);
  });

  it('latches the watchdog and stops when the heartbeat stops changing', () => {
    const rig = ownedRig();
    rig.startDrilling(0);
    run(rig, 100, 400, true);
    // A heartbeat stuck at one value is a dead link, however often it is written.
    for (let t = 500; t <= 1200; t += 100) {
      rig.heartbeat(99, t);
      rig.step(t);
    }
    expect(rig.control.faultBits & faultBit(Fault.watchdog)).toBeTruthy();
    expect(rig.process.drilling).toBe(false);
    expect(rig.startDrilling(1200)?.refused).toBe(Refusal.faultLatched);
    run(rig, 1300, 4000, false);
    expect(rig.process.rotationSpeed).toBe(0);
  });

  it('keeps the latch until a reset with fresh heartbeats', () => {
    const rig = ownedRig();
    run(rig, 100, 1000, false);
    expect(rig.control.firstFault).toBe(Fault.watchdog);
    expect(rig.resetFault(1000)?.refused).toBe(Refusal.heartbeatStale);
    rig.heartbeat(50, 1100);
    rig.step(1100);
    expect(rig.control.faultBits).not.toBe(0);
    expect(rig.resetFault(1100)).toBeUndefined();
    expect(rig.control.faultBits).toBe(0);
    expect(rig.startDrilling(1100)).toBeUndefined();
  });

  it('does not arm the watchdog before the first heartbeat', () => {
    const rig = new RigModel(0);
    rig.setOwner(7);
    run(rig, 100, 60_000, false);
    expect(rig.control.faultBits).toBe(0);
  });

  it('honours ownership: another console must take over; an owner change stops drilling', () => {
    const rig = ownedRig();
    rig.startDrilling(0);
    expect(rig.setOwner(8)?.refused).toBe(Refusal.ownedByOther);
    expect(rig.process.drilling).toBe(true);
    expect(rig.takeOver(8)).toBeUndefined();
    expect(rig.control.owner).toBe(8);
    expect(rig.process.drilling).toBe(false);
  });

  it('checks setpoint range and control', () => {
    const rig = new RigModel(0);
    expect(rig.setSetpoint('feedSetpoint', 500)?.refused).toBe(Refusal.outOfRange);
    expect(rig.setSetpoint('feedSetpoint', 50)?.refused).toBe(Refusal.notOwner);
    rig.setOwner(3);
    expect(rig.setSetpoint('feedSetpoint', 50)).toBeUndefined();
    expect(rig.process.feedSetpoint).toBe(50);
  });

  it('always accepts stop; stopping the engine while drilling latches a drive fault', () => {
    const rig = ownedRig();
    rig.startDrilling(0);
    expect(rig.setEngine(false, 0)).toBeUndefined();
    expect(rig.process.engineState).toBe(EngineState.off);
    expect(rig.control.faultBits & faultBit(Fault.driveFault)).toBeTruthy();
    expect(rig.stopDrilling()).toBeUndefined();
    rig.resetFault(0);
    expect(rig.startDrilling(0)?.refused).toBe(REFUSAL_ENGINE_OFF);
  });
});
