/** Steel-plant ladle crane model: main hoist, ladle tilt (pouring), hook load, liquid steel temperature. Pure. */
import { axisAt, axisLimits, stepAxis, STANDSTILL, type AxisParams, type AxisState } from '../modbus-server/plc/axis';
import { Fault, faultBit } from '../modbus-server/plc/codes';
import { initialControl, latchFault } from '../modbus-server/plc/control';
import type { MachineState } from '../modbus-server/plc/machine-model';
import { noise } from '../modbus-server/plc/rng';
import { motorHeat } from '../modbus-server/plc/thermal';

/** Axis limits and dynamics: hoist in m (+ = up), tilt in degrees (0 = upright). */
export const LADLE_AXES = {
  hoist: { min: 0, max: 30, maxSpeed: 0.3, accel: 0.15, quickStopDecel: 0.3 },
  tilt: { min: 0, max: 90, maxSpeed: 3, accel: 2, quickStopDecel: 4 },
} as const satisfies Record<string, AxisParams>;

/** Other fixed properties. */
export const LADLE = {
  /** Hoist heights (m) between which the ladle may be tilted: over the converter / tundish. */
  pourZone: [8, 12] as const,
  /** Above this angle the ladle counts as tilted and the hoist must not move. */
  uprightMaxDeg: 2,
  ratedLoadT: 200,
  ambientC: 45, // a melt shop bay is hot
  overtempC: 110,
  overtempResetC: 100,
  pourCountAngleDeg: 30,
  defaultSurvivalMs: 500,
  /** Liquid steel cools about 0.5 K per minute in a lined ladle. */
  coolingKPerS: 0.5 / 60,
} as const;

/** The ladle crane's whole state. */
export interface LadleState extends MachineState {
  hoist: AxisState;
  tilt: AxisState;
  hookLoad: number;
  /** True steel temperature (°C) and the pyrometer reading (with noise). */
  steelTemp: number;
  steelTempReading: number;
  motorTemps: { hoist: number; tilt: number };
  pourCount: number;
  /** Simulation controls: ladle mass in t; steel temperature override in °C (0 = natural). */
  sim: { ladleMass: number; steelTempOverride: number };
  rng: number;
}

/** Power-up: full ladle (180 t) hanging upright at 5 m, steel at 1600 °C. */
export function initialLadle(seed: number): LadleState {
  return {
    control: initialControl(LADLE.defaultSurvivalMs),
    hoist: axisAt(5),
    tilt: axisAt(0),
    hookLoad: 180,
    steelTemp: 1600,
    steelTempReading: 1600,
    motorTemps: { hoist: LADLE.ambientC, tilt: LADLE.ambientC },
    pourCount: 0,
    sim: { ladleMass: 180, steelTempOverride: 0 },
    rng: seed >>> 0,
  };
}

/** The hoist is between the pour-zone heights. */
export function inPourZone(state: LadleState): boolean {
  return state.hoist.position >= LADLE.pourZone[0] && state.hoist.position <= LADLE.pourZone[1];
}

/** The ladle hangs upright (hoist motion allowed). */
export function upright(state: LadleState): boolean {
  return state.tilt.position <= LADLE.uprightMaxDeg;
}

/** Both axes at rest. */
export function ladleStandstill(state: LadleState): boolean {
  return Math.abs(state.hoist.speed) < STANDSTILL && Math.abs(state.tilt.speed) < STANDSTILL;
}

/** Hook load above rating. */
export function overloaded(state: LadleState): boolean {
  return state.hookLoad > LADLE.ratedLoadT;
}

/** Motor-overtemp bit while a motor is above the reset threshold. */
export function ladleOvertempPersisting(state: LadleState): number {
  return Object.values(state.motorTemps).some((t) => t > LADLE.overtempResetC) ? faultBit(Fault.motorOvertemp) : 0;
}

/** One dynamics step of dtMs. Quick-stops both axes while a fault is latched. */
export function stepLadle(state: LadleState, dtMs: number): LadleState {
  const dtS = dtMs / 1000;
  const quickStop = state.control.faultBits !== 0;
  const hoist = stepAxis(state.hoist, LADLE_AXES.hoist, dtS, quickStop);
  const tilt = stepAxis(state.tilt, LADLE_AXES.tilt, dtS, quickStop);
  const [loadNoise, rng1] = noise(state.rng, 0.2);
  const [tempNoise, rng] = noise(rng1, 0.5);
  // Pouring empties the ladle a little with every step past 30°.
  const pouring = tilt.position > LADLE.pourCountAngleDeg ? 0.5 * dtS * (tilt.position / 90) : 0;
  const ladleMass = Math.max(30, state.sim.ladleMass - pouring);
  const steelTemp = state.sim.steelTempOverride > 0 ? state.sim.steelTempOverride : state.steelTemp - LADLE.coolingKPerS * dtS;
  const crossedPourAngle = state.tilt.position <= LADLE.pourCountAngleDeg && tilt.position > LADLE.pourCountAngleDeg;
  const loadRatio = ladleMass / LADLE.ratedLoadT;
  const motorTemps = {
    hoist: motorHeat(state.motorTemps.hoist, LADLE.ambientC, hoist.speed, LADLE_AXES.hoist.maxSpeed, loadRatio, dtS),
    tilt: motorHeat(state.motorTemps.tilt, LADLE.ambientC, tilt.speed, LADLE_AXES.tilt.maxSpeed, loadRatio, dtS),
  };
  const overheated = Object.values(motorTemps).some((t) => t > LADLE.overtempC);
  return {
    ...state,
    control: overheated ? latchFault(state.control, Fault.motorOvertemp) : state.control,
    hoist,
    tilt,
    hookLoad: ladleMass + loadNoise,
    steelTemp,
    steelTempReading: steelTemp + tempNoise,
    motorTemps,
    pourCount: crossedPourAngle ? (state.pourCount + 1) >>> 0 : state.pourCount,
    sim: { ...state.sim, ladleMass },
    rng,
  };
}

/** Limit switches: hoist [lower, upper], tilt [upright stop, max tilt]. */
export function ladleLimits(state: LadleState): Record<'hoist' | 'tilt', [boolean, boolean]> {
  return { hoist: axisLimits(state.hoist, LADLE_AXES.hoist), tilt: axisLimits(state.tilt, LADLE_AXES.tilt) };
}
