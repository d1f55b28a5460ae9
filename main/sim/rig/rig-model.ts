/**
 * The drill rig's behaviour, pure and stepped (no timers, no I/O): rotary/percussive drilling on top of the control
 * block every simulated PLC shares (control owner, heartbeat watchdog, latched faults, last refusal — see
 * main/sim/REGISTER-MAPS.md). The OPC UA server only maps this state to nodes.
 */
import { Fault, Refusal, badValue, forbidden, type Refused } from '../modbus-server/plc/codes';
import {
  heartbeatAgeMs,
  initialControl,
  isRefused,
  latchFault,
  motionRefusal,
  resetFaults,
  stepWatchdog,
  takeOver,
  withRefusal,
  writeHeartbeat,
  writeOwner,
  writeSurvival,
  type ControlState,
} from '../modbus-server/plc/control';

/** Engine states of `Rig.EngineState`. */
export const EngineState = { off: 0, running: 1 } as const;

/** Process values and setpoints of the rig. */
export interface RigProcess {
  rotationSpeed: number; // rpm
  feedForce: number; // kN
  penetrationRate: number; // m/h
  depth: number; // m
  hammerPressure: number; // bar
  flushingPressure: number; // bar
  holeId: string;
  mastAngle: number; // degrees from vertical
  engineState: number;
  drilling: boolean;
  rotationSetpoint: number; // rpm
  feedSetpoint: number; // kN
  mastAngleSetpoint: number; // degrees
}

/** Setpoint ranges; writes outside are refused (BadOutOfRange). */
export const SETPOINT_RANGES = { rotationSetpoint: [0, 200], feedSetpoint: [0, 150], mastAngleSetpoint: [-30, 30] } as const;
/** A setpoint of the rig. */
export type SetpointKey = keyof typeof SETPOINT_RANGES;

/** The rig's own refusal reason: the engine is off (a shared code, documented with the others). */
export const REFUSAL_ENGINE_OFF = Refusal.engineOff;

/** Hammer pressure (bar) above which the rig latches a drive fault. */
export const HAMMER_LIMIT_BAR = 230;

/** The rig. Commands return the refusal, or undefined when accepted; every refusal is recorded in the control block. */
export class RigModel {
  readonly process: RigProcess = {
    rotationSpeed: 0,
    feedForce: 0,
    penetrationRate: 0,
    depth: 0,
    hammerPressure: 0,
    flushingPressure: 0,
    holeId: 'H-001',
    mastAngle: 0,
    engineState: EngineState.running,
    drilling: false,
    rotationSetpoint: 90,
    feedSetpoint: 40,
    mastAngleSetpoint: 0,
  };
  control: ControlState;

  constructor(
    private lastStepMs: number,
    survivalMs = 500,
  ) {
    this.control = initialControl(survivalMs);
  }

  /** A heartbeat write (arms the watchdog; only a changed value counts). */
  heartbeat(value: number, now: number): void {
    this.control = writeHeartbeat(this.control, value, now);
  }

  /** Take (your id while free), keep, or release (0) control. An owner change stops drilling. */
  setOwner(id: number): Refused | undefined {
    return this.apply(writeOwner(this.control, id), true);
  }

  /** Take-over after the operator confirmed it. */
  takeOver(id: number): Refused | undefined {
    return this.apply(takeOver(this.control, id), true);
  }

  setSurvivalMs(ms: number): Refused | undefined {
    return this.apply(writeSurvival(this.control, ms), false);
  }

  /** Starts drilling: needs an owner, no latched fault, fresh heartbeats and a running engine. */
  startDrilling(now: number): Refused | undefined {
    const refused = motionRefusal(this.control, now) ?? (this.process.engineState === EngineState.running ? undefined : forbidden(REFUSAL_ENGINE_OFF));
    if (refused) return this.refuse(refused);
    this.process.drilling = true;
    return undefined;
  }

  /** Stops drilling; always accepted, from anyone. */
  stopDrilling(): undefined {
    this.process.drilling = false;
    return undefined;
  }

  /** Starts the engine (needs control) or stops it (always; stopping it while drilling latches a drive fault). */
  setEngine(running: boolean, now: number): Refused | undefined {
    if (running) {
      const refused = motionRefusal(this.control, now);
      if (refused) return this.refuse(refused);
    } else if (this.process.drilling) {
      this.control = latchFault(this.control, Fault.driveFault);
      this.process.drilling = false;
    }
    this.process.engineState = running ? EngineState.running : EngineState.off;
    return undefined;
  }

  /** Clears latched faults: needs an owner and fresh heartbeats; an overpressure that persists stays latched. */
  resetFault(now: number): Refused | undefined {
    const persisting = this.process.hammerPressure > HAMMER_LIMIT_BAR ? 1 << (Fault.driveFault - 1) : 0;
    return this.apply(resetFaults(this.control, now, persisting), false);
  }

  /** Writes a setpoint: needs control (as on the cranes) and a value in range. */
  setSetpoint(key: SetpointKey, value: number): Refused | undefined {
    const [lo, hi] = SETPOINT_RANGES[key];
    if (!Number.isFinite(value) || value < lo || value > hi) return this.refuse(badValue());
    if (this.control.owner === 0) return this.refuse(forbidden(Refusal.notOwner));
    this.process[key] = value;
    return undefined;
  }

  /** Heartbeat age as the device sees it (0 while not armed). */
  heartbeatAgeMs(now: number): number {
    return heartbeatAgeMs(this.control, now);
  }

  /** Advances the rig to `now`: watchdog first (a trip stops drilling at once), then the drilling physics. */
  step(now: number): void {
    const dt = Math.max(0, now - this.lastStepMs) / 1000;
    this.lastStepMs = now;
    const p = this.process;
    this.control = stepWatchdog(this.control, now, p.drilling);
    if (this.control.faultBits !== 0) p.drilling = false;
    const active = p.drilling && p.engineState === EngineState.running;
    p.rotationSpeed = approach(p.rotationSpeed, active ? p.rotationSetpoint : 0, 120 * dt);
    p.feedForce = approach(p.feedForce, active ? p.feedSetpoint : 0, 60 * dt);
    p.hammerPressure = approach(p.hammerPressure, active ? 60 + p.feedForce * 1.2 : 0, 200 * dt);
    p.flushingPressure = approach(p.flushingPressure, active ? 12 : 0, 10 * dt);
    p.mastAngle = approach(p.mastAngle, p.mastAngleSetpoint, 5 * dt);
    // Penetration grows with feed and rotation: an empirical shape, not a rock-mechanics model.
    p.penetrationRate = active ? (p.feedForce * p.rotationSpeed) / 300 : 0;
    p.depth += (p.penetrationRate * dt) / 3600;
    if (p.hammerPressure > HAMMER_LIMIT_BAR) {
      this.control = latchFault(this.control, Fault.driveFault);
      p.drilling = false;
    }
  }

  private apply(next: ControlState | Refused, ownerChangeStops: boolean): Refused | undefined {
    if (isRefused(next)) return this.refuse(next);
    if (ownerChangeStops && next.owner !== this.control.owner) this.process.drilling = false;
    this.control = next;
    return undefined;
  }

  private refuse(refused: Refused): Refused {
    this.control = withRefusal(this.control, refused);
    return refused;
  }
}

function approach(value: number, target: number, maxStep: number): number {
  if (Math.abs(target - value) <= maxStep) return target;
  return value + Math.sign(target - value) * maxStep;
}
