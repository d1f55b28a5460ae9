/** The ladle crane's register map (documented in main/sim/REGISTER-MAPS.md) and its MachineModel. */
import { wordsToFloat32, type RegisterImage } from '../modbus-server/register-image';
import { controlCoilPoints, controlHoldingPoints } from '../modbus-server/plc/control-map';
import { jogHoldingPoints } from '../modbus-server/plc/jog-command';
import type { HoldingPoint, JogAxis, MachineModel } from '../modbus-server/plc/machine-model';
import { setLadleSim, setLadleSpeedRef, zeroLadleRefs, type LadleAxis } from './ladle-commands';
import { initialLadle, inPourZone, ladleLimits, ladleOvertempPersisting, ladleStandstill, overloaded, stepLadle, upright, type LadleState } from './ladle-model';

/** Ladle crane addresses beyond the shared control block (0-based). */
export const LadleMap = {
  holding: { hoistSpeedRef: 10, tiltSpeedRef: 12, simLadleMass: 20, simSteelTemp: 21 },
  discrete: { hoistLimitLower: 8, hoistLimitUpper: 9, upright: 10, tiltLimitMax: 11, inPourZone: 12, overload: 13 },
  input: {
    hoistPosition: 10,
    hoistSpeed: 12,
    tiltAngle: 14,
    tiltSpeed: 16,
    hookLoad: 18,
    steelTemperature: 20,
    hoistMotorTemp: 22,
    tiltMotorTemp: 23,
    hoistPositionMm: 24,
    pourCount: 26,
  },
} as const;

const H = LadleMap.holding;
const float32 = (w: readonly number[]) => wordsToFloat32(w[0] ?? 0, w[1] ?? 0);

const holdingPoints: HoldingPoint<LadleState>[] = [
  ...controlHoldingPoints(() => ladleModel),
  { address: H.hoistSpeedRef, words: 2, decode: float32, apply: (s, v, now) => setLadleSpeedRef(s, 'hoist', v, now) },
  { address: H.tiltSpeedRef, words: 2, decode: float32, apply: (s, v, now) => setLadleSpeedRef(s, 'tilt', v, now) },
  { address: H.simLadleMass, words: 1, decode: (w) => (w[0] ?? 0) / 10, apply: (s, v) => setLadleSim(s, 'ladleMass', v) },
  { address: H.simSteelTemp, words: 1, decode: (w) => w[0] ?? 0, apply: (s, v) => setLadleSim(s, 'steelTempOverride', v) },
  ...jogHoldingPoints(() => ladleModel),
];

/** Jog block axis indices: 0 hoist, 1 tilt. */
export const LADLE_JOG_AXES: readonly LadleAxis[] = ['hoist', 'tilt'];
const jogAxes: JogAxis<LadleState>[] = LADLE_JOG_AXES.map((axis) => ({
  name: axis,
  ref: (s) => s[axis].ref,
  setRef: (s, ref, now) => setLadleSpeedRef(s, axis, ref, now),
}));

function render(state: LadleState, image: RegisterImage): void {
  image.setFloat32('holding', H.hoistSpeedRef, state.hoist.ref);
  image.setFloat32('holding', H.tiltSpeedRef, state.tilt.ref);
  image.setWord('holding', H.simLadleMass, state.sim.ladleMass * 10);
  image.setWord('holding', H.simSteelTemp, state.sim.steelTempOverride);
  const i = LadleMap.input;
  image.setFloat32('input', i.hoistPosition, state.hoist.position);
  image.setFloat32('input', i.hoistSpeed, state.hoist.speed);
  image.setFloat32('input', i.tiltAngle, state.tilt.position);
  image.setFloat32('input', i.tiltSpeed, state.tilt.speed);
  image.setFloat32('input', i.hookLoad, state.hookLoad);
  image.setFloat32('input', i.steelTemperature, state.steelTempReading);
  image.setWord('input', i.hoistMotorTemp, state.motorTemps.hoist * 10, true);
  image.setWord('input', i.tiltMotorTemp, state.motorTemps.tilt * 10, true);
  image.setInt32('input', i.hoistPositionMm, state.hoist.position * 1000, 'CDAB');
  image.setInt32('input', i.pourCount, state.pourCount, 'ABCD');
  const limits = ladleLimits(state);
  const d = LadleMap.discrete;
  const bits: [number, boolean][] = [
    [d.hoistLimitLower, limits.hoist[0]],
    [d.hoistLimitUpper, limits.hoist[1]],
    [d.upright, upright(state)],
    [d.tiltLimitMax, limits.tilt[1]],
    [d.inPourZone, inPourZone(state)],
    [d.overload, overloaded(state)],
  ];
  for (const [address, on] of bits) image.setBit('discrete', address, on);
}

/** The ladle crane as a MachineModel. */
export const ladleModel: MachineModel<LadleState> = {
  sizes: { coils: 8, discrete: 16, holding: 48, input: 48 },
  holdingPoints,
  jogAxes,
  coilPoints: controlCoilPoints(() => ladleModel),
  initial: initialLadle,
  step: (state, dtMs) => stepLadle(state, dtMs),
  render,
  zeroRefs: zeroLadleRefs,
  motionCommanded: (s) => s.hoist.ref !== 0 || s.tilt.ref !== 0,
  standstill: ladleStandstill,
  // Status word bits 8..13: hoist lower/upper limit, upright, tilt max, in pour zone, overload.
  statusBits: (s) => {
    const l = ladleLimits(s);
    return [l.hoist[0], l.hoist[1], upright(s), l.tilt[1], inPourZone(s), overloaded(s)];
  },
  persistingFaults: ladleOvertempPersisting,
};
