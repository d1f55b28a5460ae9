/** The crane's register map (documented in main/sim/REGISTER-MAPS.md) and its MachineModel. */
import { wordsToFloat32, type RegisterImage } from '../modbus-server/register-image';
import { controlCoilPoints, controlHoldingPoints } from '../modbus-server/plc/control-map';
import { jogHoldingPoints } from '../modbus-server/plc/jog-command';
import type { CoilPoint, HoldingPoint, JogAxis, MachineModel } from '../modbus-server/plc/machine-model';
import { commandTwistlocks, setSimControl, setSpeedRef, setWindLimit, zeroCraneRefs, type CraneAxis } from './crane-commands';
import { craneLimits, craneOvertempPersisting, craneStandstill, initialCrane, landed, stepCrane, windHigh, type CraneState } from './crane-model';

/** Crane addresses beyond the shared control block (0-based). */
export const CraneMap = {
  holding: { gantrySpeedRef: 10, trolleySpeedRef: 12, hoistSpeedRef: 14, windLimit: 16, simWindOverride: 20, simLoadOverride: 21, simContainerMass: 22 },
  coil: { spreaderLock: 2, spreaderUnlock: 3 },
  discrete: {
    twistlocksLocked: 8,
    twistlocksUnlocked: 9,
    spreaderLanded: 10,
    windHigh: 11,
    gantryLimitMin: 12,
    gantryLimitMax: 13,
    trolleyLimitMin: 14,
    trolleyLimitMax: 15,
    hoistLimitLower: 16,
    hoistLimitUpper: 17,
    containerOnSpreader: 18,
  },
  input: {
    gantryPosition: 10,
    gantrySpeed: 12,
    trolleyPosition: 14,
    trolleySpeed: 16,
    hoistPosition: 18,
    hoistSpeed: 20,
    loadWeight: 22,
    windSpeed: 24,
    gantryMotorTemp: 26,
    trolleyMotorTemp: 27,
    hoistMotorTemp: 28,
    twistlockState: 29,
    gantryPositionMm: 30,
    hoistCycles: 32,
  },
} as const;

const float32 = (w: readonly number[]) => wordsToFloat32(w[0] ?? 0, w[1] ?? 0);
const tenths = (w: readonly number[]) => (w[0] ?? 0) / 10;
const H = CraneMap.holding;

const holdingPoints: HoldingPoint<CraneState>[] = [
  ...controlHoldingPoints(() => craneModel),
  { address: H.gantrySpeedRef, words: 2, decode: float32, apply: (s, v, now) => setSpeedRef(s, 'gantry', v, now) },
  { address: H.trolleySpeedRef, words: 2, decode: float32, apply: (s, v, now) => setSpeedRef(s, 'trolley', v, now) },
  { address: H.hoistSpeedRef, words: 2, decode: float32, apply: (s, v, now) => setSpeedRef(s, 'hoist', v, now) },
  { address: H.windLimit, words: 1, decode: tenths, apply: (s, v) => setWindLimit(s, v) },
  { address: H.simWindOverride, words: 1, decode: tenths, apply: (s, v) => setSimControl(s, 'windOverride', v) },
  { address: H.simLoadOverride, words: 1, decode: tenths, apply: (s, v) => setSimControl(s, 'loadOverride', v) },
  { address: H.simContainerMass, words: 1, decode: tenths, apply: (s, v) => setSimControl(s, 'containerMass', v) },
  ...jogHoldingPoints(() => craneModel),
];

/** Jog block axis indices: 0 gantry, 1 trolley, 2 hoist. */
export const CRANE_JOG_AXES: readonly CraneAxis[] = ['gantry', 'trolley', 'hoist'];
const jogAxes: JogAxis<CraneState>[] = CRANE_JOG_AXES.map((axis) => ({
  name: axis,
  ref: (s) => s[axis].ref,
  setRef: (s, ref, now) => setSpeedRef(s, axis, ref, now),
}));

const coilPoints: CoilPoint<CraneState>[] = [
  ...controlCoilPoints(() => craneModel),
  { address: CraneMap.coil.spreaderLock, apply: (s, on, now) => (on ? commandTwistlocks(s, 'locked', now) : s) },
  { address: CraneMap.coil.spreaderUnlock, apply: (s, on, now) => (on ? commandTwistlocks(s, 'unlocked', now) : s) },
];

const TWISTLOCK_CODE = { moving: 0, unlocked: 1, locked: 2 } as const;

function render(state: CraneState, image: RegisterImage): void {
  image.setFloat32('holding', H.gantrySpeedRef, state.gantry.ref);
  image.setFloat32('holding', H.trolleySpeedRef, state.trolley.ref);
  image.setFloat32('holding', H.hoistSpeedRef, state.hoist.ref);
  image.setWord('holding', H.windLimit, state.windLimit * 10);
  image.setWord('holding', H.simWindOverride, state.sim.windOverride * 10);
  image.setWord('holding', H.simLoadOverride, state.sim.loadOverride * 10);
  image.setWord('holding', H.simContainerMass, state.sim.containerMass * 10);
  image.coils.fill(0, CraneMap.coil.spreaderLock, CraneMap.coil.spreaderUnlock + 1);

  const i = CraneMap.input;
  image.setFloat32('input', i.gantryPosition, state.gantry.position);
  image.setFloat32('input', i.gantrySpeed, state.gantry.speed);
  image.setFloat32('input', i.trolleyPosition, state.trolley.position);
  image.setFloat32('input', i.trolleySpeed, state.trolley.speed);
  image.setFloat32('input', i.hoistPosition, state.hoist.position);
  image.setFloat32('input', i.hoistSpeed, state.hoist.speed);
  image.setFloat32('input', i.loadWeight, state.load);
  image.setFloat32('input', i.windSpeed, state.wind);
  image.setWord('input', i.gantryMotorTemp, state.motorTemps.gantry * 10, true);
  image.setWord('input', i.trolleyMotorTemp, state.motorTemps.trolley * 10, true);
  image.setWord('input', i.hoistMotorTemp, state.motorTemps.hoist * 10, true);
  image.setWord('input', i.twistlockState, TWISTLOCK_CODE[state.twistlocks]);
  image.setInt32('input', i.gantryPositionMm, state.gantry.position * 1000, 'ABCD');
  image.setInt32('input', i.hoistCycles, state.hoistCycles, 'CDAB');

  const limits = craneLimits(state);
  const d = CraneMap.discrete;
  const bits: [number, boolean][] = [
    [d.twistlocksLocked, state.twistlocks === 'locked'],
    [d.twistlocksUnlocked, state.twistlocks === 'unlocked'],
    [d.spreaderLanded, landed(state)],
    [d.windHigh, windHigh(state)],
    [d.gantryLimitMin, limits.gantry[0]],
    [d.gantryLimitMax, limits.gantry[1]],
    [d.trolleyLimitMin, limits.trolley[0]],
    [d.trolleyLimitMax, limits.trolley[1]],
    [d.hoistLimitLower, limits.hoist[0]],
    [d.hoistLimitUpper, limits.hoist[1]],
    [d.containerOnSpreader, state.containerOnSpreader],
  ];
  for (const [address, on] of bits) image.setBit('discrete', address, on);
}

/** The crane as a MachineModel: 20 ms ticks in the simulator, stepped directly in unit tests. */
export const craneModel: MachineModel<CraneState> = {
  sizes: { coils: 8, discrete: 24, holding: 48, input: 48 },
  holdingPoints,
  coilPoints,
  jogAxes,
  initial: initialCrane,
  step: (state, dtMs) => stepCrane(state, dtMs),
  render,
  zeroRefs: zeroCraneRefs,
  motionCommanded: (s) => s.gantry.ref !== 0 || s.trolley.ref !== 0 || s.hoist.ref !== 0,
  standstill: craneStandstill,
  // Status word bits 8..15: locked, unlocked, landed, wind high, hoist lower limit, hoist upper limit, container, any limit.
  statusBits: (s) => {
    const l = craneLimits(s);
    return [s.twistlocks === 'locked', s.twistlocks === 'unlocked', landed(s), windHigh(s), l.hoist[0], l.hoist[1], s.containerOnSpreader, [...l.gantry, ...l.trolley, ...l.hoist].some(Boolean)];
  },
  persistingFaults: craneOvertempPersisting,
};
