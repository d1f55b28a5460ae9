/**
 * The control block's registers, identical on every simulated PLC (see main/sim/REGISTER-MAPS.md):
 * holding 0..5, coils 0..1, discrete inputs 0..7, input registers 0..6; the jog command block (holding and input
 * 40..45) is in jog-command.ts.
 */
import type { RegisterImage } from '../register-image';
import { Fault, badValue, type Refused } from './codes';
import { heartbeatAgeMs, heartbeatFresh, isRefused, latchFault, resetFaults, takeOver, writeHeartbeat, writeMode, writeOwner, writeSurvival } from './control';
import { renderJog } from './jog-command';
import type { CoilPoint, HoldingPoint, MachineModel, MachineState } from './machine-model';

/** Addresses of the control block. */
export const ControlMap = {
  holding: { heartbeat: 0, survivalMs: 1, controlOwner: 2, takeOver: 3, mode: 4, simFaultInject: 5 },
  coil: { stop: 0, faultReset: 1 },
  discrete: { remote: 0, controlled: 1, watchdogArmed: 2, watchdogFault: 3, anyFault: 4, standstill: 5, heartbeatFresh: 6 },
  input: { statusWord: 0, faultCode: 1, faultBits: 2, refusalReason: 3, refusalCount: 4, heartbeatAgeMs: 5, lastTripAgeMs: 6 },
} as const;

const uint16 = (words: readonly number[]) => words[0] ?? 0;

/** Applies a control-block change; on success the machine stops if the owner or mode changed. */
function withControl<S extends MachineState>(model: MachineModel<S>, state: S, next: S['control'] | Refused): S | Refused {
  if (isRefused(next)) return next;
  const stopped = next.owner !== state.control.owner || next.remote !== state.control.remote;
  const updated = { ...state, control: next };
  return stopped ? model.zeroRefs(updated) : updated;
}

/** Holding points of the control block. `model` is a getter: the model object lists these points, so it does not exist yet. */
export function controlHoldingPoints<S extends MachineState>(model: () => MachineModel<S>): HoldingPoint<S>[] {
  const h = ControlMap.holding;
  return [
    { address: h.heartbeat, words: 1, decode: uint16, apply: (s, v, now) => ({ ...s, control: writeHeartbeat(s.control, v, now) }) },
    { address: h.survivalMs, words: 1, decode: uint16, apply: (s, v) => withControl(model(), s, writeSurvival(s.control, v)) },
    { address: h.controlOwner, words: 1, decode: uint16, apply: (s, v) => withControl(model(), s, writeOwner(s.control, v)) },
    { address: h.takeOver, words: 1, decode: uint16, apply: (s, v) => withControl(model(), s, takeOver(s.control, v)) },
    { address: h.mode, words: 1, decode: uint16, apply: (s, v) => withControl(model(), s, writeMode(s.control, v, model().standstill(s))) },
    {
      // Simulation only: latches a fault as if a drive had reported it (demos and alarm tests).
      address: h.simFaultInject,
      words: 1,
      decode: uint16,
      apply: (s, v) => (v >= Fault.watchdog && v <= Fault.overload ? { ...s, control: latchFault(s.control, v as Fault) } : v === 0 ? s : badValue()),
    },
  ];
}

/** Coils of the control block: stop (always accepted, from anyone) and fault reset. Writing 0 to either does nothing. */
export function controlCoilPoints<S extends MachineState>(model: () => MachineModel<S>): CoilPoint<S>[] {
  return [
    { address: ControlMap.coil.stop, apply: (s, on) => (on ? model().zeroRefs(s) : s) },
    {
      address: ControlMap.coil.faultReset,
      apply: (s, on, now) => {
        if (!on) return s;
        if (!s.control.faultBits) return s;
        return withControl(model(), s, resetFaults(s.control, now, model().persistingFaults(s)));
      },
    },
  ];
}

/** Renders the control block; `machineBits` fill bits 8..15 of the status word. */
export function renderControl<S extends MachineState>(model: MachineModel<S>, state: S, image: RegisterImage, nowMs: number, machineBits: readonly boolean[]): void {
  const c = state.control;
  const h = ControlMap.holding;
  image.holding[h.heartbeat] = c.heartbeat;
  image.holding[h.survivalMs] = c.survivalMs;
  image.holding[h.controlOwner] = c.owner;
  image.holding[h.takeOver] = 0;
  image.holding[h.mode] = c.remote ? 1 : 0;
  image.holding[h.simFaultInject] = 0;
  image.coils.fill(0, 0, 2); // pulses read back 0
  const status = [
    c.remote,
    c.owner !== 0,
    c.armed,
    (c.faultBits & 1) !== 0,
    c.faultBits !== 0,
    model.standstill(state),
    heartbeatFresh(c, nowMs),
    false,
  ];
  status.forEach((on, i) => image.setBit('discrete', i, on));
  image.setBits('input', ControlMap.input.statusWord, [...status, ...machineBits]);
  const i = ControlMap.input;
  image.input[i.faultCode] = c.firstFault;
  image.input[i.faultBits] = c.faultBits;
  image.input[i.refusalReason] = c.lastRefusal;
  image.input[i.refusalCount] = c.refusalCount;
  image.setWord('input', i.heartbeatAgeMs, heartbeatAgeMs(c, nowMs));
  image.setWord('input', i.lastTripAgeMs, c.lastTripAgeMs);
  renderJog(model, state, image);
}
