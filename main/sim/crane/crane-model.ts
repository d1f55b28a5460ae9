/** Container crane (ship-to-shore) model: gantry, trolley, hoist, spreader twistlocks, load, wind, motor heat. Pure. */
import { axisAt, axisLimits, stepAxis, STANDSTILL, type AxisParams, type AxisState } from '../modbus-server/plc/axis';
import { Fault, faultBit } from '../modbus-server/plc/codes';
import { initialControl, latchFault } from '../modbus-server/plc/control';
import type { MachineState } from '../modbus-server/plc/machine-model';
import { noise } from '../modbus-server/plc/rng';
import { motorHeat } from '../modbus-server/plc/thermal';

/** Axis limits and dynamics (m, m/s, m/s²). Trolley position is negative on the landside backreach. Hoist + = up. */
export const CRANE_AXES = {
  gantry: { min: 0, max: 400, maxSpeed: 0.75, accel: 0.3, quickStopDecel: 0.6 },
  trolley: { min: -25, max: 65, maxSpeed: 3, accel: 0.8, quickStopDecel: 1.6 },
  hoist: { min: 0, max: 45, maxSpeed: 1.5, accel: 0.6, quickStopDecel: 1.2 },
} as const satisfies Record<string, AxisParams>;

/** Other fixed properties. */
export const CRANE = {
  /** The spreader sits on a container (or the ground) below this height (m). */
  landedHeight: 0.3,
  twistlockTravelMs: 1000,
  ratedLoadT: 65,
  /** Load above which the spreader counts as loaded (t). */
  loadedThresholdT: 0.5,
  ambientC: 25,
  overtempC: 110,
  /** An overtemp fault can be reset once every motor is below this. */
  overtempResetC: 100,
  defaultSurvivalMs: 500,
  defaultWindLimit: 20,
} as const;

/** Twistlock position. Register values: 0 moving, 1 unlocked, 2 locked. */
export type Twistlocks = 'moving' | 'unlocked' | 'locked';

/** The crane's whole state. */
export interface CraneState extends MachineState {
  gantry: AxisState;
  trolley: AxisState;
  hoist: AxisState;
  twistlocks: Twistlocks;
  twistlockTarget: 'unlocked' | 'locked';
  twistlockRemainingMs: number;
  /** A container hangs on the locked spreader (picked up when locked while landed). */
  containerOnSpreader: boolean;
  /** Wind limit for trolley motion (m/s), a setpoint. */
  windLimit: number;
  /** Natural wind (m/s) before gusts; wanders slowly. */
  windBase: number;
  /** Gust component (m/s): low-pass filtered noise, so the reading moves like wind, not like static. */
  windGust: number;
  wind: number;
  load: number;
  motorTemps: { gantry: number; trolley: number; hoist: number };
  hoistCycles: number;
  /** Simulation controls: 0 = natural. */
  sim: { windOverride: number; loadOverride: number; containerMass: number };
  rng: number;
}

/** Power-up state: mid-quay, spreader unlocked 20 m up, nobody in control. */
export function initialCrane(seed: number): CraneState {
  return {
    control: initialControl(CRANE.defaultSurvivalMs),
    gantry: axisAt(100),
    trolley: axisAt(30),
    hoist: axisAt(20),
    twistlocks: 'unlocked',
    twistlockTarget: 'unlocked',
    twistlockRemainingMs: 0,
    containerOnSpreader: false,
    windLimit: CRANE.defaultWindLimit,
    windBase: 8,
    windGust: 0,
    wind: 8,
    load: 0,
    motorTemps: { gantry: CRANE.ambientC, trolley: CRANE.ambientC, hoist: CRANE.ambientC },
    hoistCycles: 0,
    sim: { windOverride: 0, loadOverride: 0, containerMass: 25 },
    rng: seed >>> 0,
  };
}

/** The spreader rests on something. */
export function landed(state: CraneState): boolean {
  return state.hoist.position <= CRANE.landedHeight;
}

/** Every axis at rest. */
export function craneStandstill(state: CraneState): boolean {
  return [state.gantry, state.trolley, state.hoist].every((a) => Math.abs(a.speed) < STANDSTILL);
}

/** Wind above the trolley's limit. */
export function windHigh(state: CraneState): boolean {
  return state.wind > state.windLimit;
}

/** Motor-overtemp bit while any motor is above the reset threshold. */
export function craneOvertempPersisting(state: CraneState): number {
  const hot = Object.values(state.motorTemps).some((t) => t > CRANE.overtempResetC);
  return hot ? faultBit(Fault.motorOvertemp) : 0;
}

/** One dynamics step of dtMs. Quick-stops every axis while a fault is latched. */
export function stepCrane(state: CraneState, dtMs: number): CraneState {
  const dtS = dtMs / 1000;
  const quickStop = state.control.faultBits !== 0;
  const [gustNoise, rng1] = noise(state.rng, 3);
  const [wander, rng2] = noise(rng1, 0.2 * dtS);
  const [loadNoise, rng] = noise(rng2, 0.05);
  const windBase = Math.min(14, Math.max(2, state.windBase + wander));
  const windGust = state.windGust + (gustNoise - state.windGust) * Math.min(1, dtS / 1.5);
  const wind = state.sim.windOverride > 0 ? state.sim.windOverride : Math.max(0, windBase + windGust);
  // High wind stops the trolley (a ref accepted in calm air is dropped when a gust crosses the limit).
  const trolleyIn = wind > state.windLimit ? { ...state.trolley, ref: 0 } : state.trolley;
  const gantry = stepAxis(state.gantry, CRANE_AXES.gantry, dtS, quickStop);
  const trolley = stepAxis(trolleyIn, CRANE_AXES.trolley, dtS, quickStop);
  const hoist = stepAxis(state.hoist, CRANE_AXES.hoist, dtS, quickStop);

  let { twistlocks, twistlockRemainingMs, containerOnSpreader } = state;
  if (twistlocks === 'moving') {
    twistlockRemainingMs = Math.max(0, twistlockRemainingMs - dtMs);
    if (twistlockRemainingMs === 0) {
      twistlocks = state.twistlockTarget;
      // Locking while landed grips the container below; unlocking while landed sets it down.
      if (state.hoist.position <= CRANE.landedHeight) containerOnSpreader = twistlocks === 'locked';
    }
  }
  const wasLanded = landed(state);
  const isLanded = hoist.position <= CRANE.landedHeight;
  const hoistCycles = containerOnSpreader && wasLanded && !isLanded ? (state.hoistCycles + 1) >>> 0 : state.hoistCycles;
  const hanging = containerOnSpreader && !isLanded ? state.sim.containerMass : 0;
  const load = state.sim.loadOverride > 0 ? state.sim.loadOverride : hanging > 0 ? hanging + loadNoise : 0;

  const t = state.motorTemps;
  const motorTemps = {
    gantry: motorHeat(t.gantry, CRANE.ambientC, gantry.speed, CRANE_AXES.gantry.maxSpeed, 0, dtS),
    trolley: motorHeat(t.trolley, CRANE.ambientC, trolley.speed, CRANE_AXES.trolley.maxSpeed, load / CRANE.ratedLoadT, dtS),
    hoist: motorHeat(t.hoist, CRANE.ambientC, hoist.speed, CRANE_AXES.hoist.maxSpeed, load / CRANE.ratedLoadT, dtS),
  };
  const overheated = Object.values(motorTemps).some((temp) => temp > CRANE.overtempC);
  const control = overheated ? latchFault(state.control, Fault.motorOvertemp) : state.control;
  return {
    ...state,
    control,
    gantry,
    trolley,
    hoist,
    twistlocks,
    twistlockRemainingMs,
    containerOnSpreader,
    windBase,
    windGust,
    wind,
    load,
    motorTemps,
    hoistCycles,
    rng,
  };
}

/** Limit switches of every axis. */
export function craneLimits(state: CraneState): Record<'gantry' | 'trolley' | 'hoist', [boolean, boolean]> {
  return {
    gantry: axisLimits(state.gantry, CRANE_AXES.gantry),
    trolley: axisLimits(state.trolley, CRANE_AXES.trolley),
    hoist: axisLimits(state.hoist, CRANE_AXES.hoist),
  };
}
