/**
 * The jog command block every simulated Modbus PLC shares (holding 40..45, input 40..45; see "Jog command block" in
 * main/sim/REGISTER-MAPS.md): one atomic write of [consoleId, seq, axis, speedRef float32 ABCD], applied only for the
 * control owner and only when its sequence number is newer than the last one consumed from that owner.
 */
import { wordsToFloat32, type RegisterImage } from '../register-image';
import { Refusal, badValue, forbidden, type Refused } from './codes';
import { isRefused } from './control';
import { countRefused, countStale, endLease, expiredLeases, jogSeqFresh, jogStatusBits, recordApplied, writeJogTimeout, type JogState } from './jog';
import type { HoldingPoint, MachineModel, MachineState, RefusedWithState } from './machine-model';

/** Addresses of the jog command block (both tables start at 40, clear of every machine's own registers). */
export const JogMap = {
  holding: { jogConsole: 40, jogSeq: 41, jogAxis: 42, jogSpeedRef: 43, jogTimeoutMs: 45 },
  input: { jogAcceptedCount: 40, staleJogCount: 41, lastJogSeq: 42, jogStatus: 43, jogRefusedCount: 44, jogTimeoutCount: 45 },
} as const;

/** Registers in one jog block write: consoleId, seq, axis, speedRef (2 words). */
export const JOG_BLOCK_WORDS = 5;

/** A state with its jog bookkeeping replaced. */
function withJog<S extends MachineState>(state: S, jog: JogState): S {
  return { ...state, control: { ...state.control, jog } };
}

/**
 * Applies one jog block. Order of checks: owner (else refused notOwner / ownedByOther) → sequence (equal or older:
 * discarded without an exception, counted stale) → axis index and reference via the machine's own gate. A block from
 * the owner with a newer seq consumes that seq even when it is refused, so a delayed copy cannot be applied later.
 */
export function applyJogBlock<S extends MachineState>(model: MachineModel<S>, state: S, words: readonly number[], nowMs: number): S | RefusedWithState<S> {
  const [consoleId = 0, seq = 0, axisIndex = 0, hi = 0, lo = 0] = words;
  const jog = state.control.jog;
  const refuse = (refused: Refused, consumed?: number): RefusedWithState<S> => ({ ...refused, keep: withJog(state, countRefused(jog, consumed)) });
  if (state.control.owner === 0) return refuse(forbidden(Refusal.notOwner));
  if (consoleId !== state.control.owner) return refuse(forbidden(Refusal.ownedByOther));
  if (!jogSeqFresh(jog, seq)) return withJog(state, countStale(jog));
  const axis = model.jogAxes[axisIndex];
  if (!axis) return refuse(badValue(), seq);
  const ref = wordsToFloat32(hi, lo);
  const result = axis.setRef(state, ref, nowMs);
  if (isRefused(result)) return refuse(result, seq);
  return withJog(result, recordApplied(result.control.jog, { console: consoleId, seq, axis: axisIndex }, axis.name, ref, nowMs));
}

/**
 * Once per tick: leases of axes already at a zero reference end quietly; with jogTimeoutMs on, an axis whose
 * non-zero jog reference was not refreshed by a newer seq within the timeout is zeroed and counted.
 */
export function stepJogLeases<S extends MachineState>(model: MachineModel<S>, state: S, nowMs: number): S {
  let jog = state.control.jog;
  let next = state;
  for (const name of Object.keys(jog.leases)) {
    const axis = model.jogAxes.find((a) => a.name === name);
    if (!axis || axis.ref(next) === 0) jog = endLease(jog, name);
  }
  for (const name of expiredLeases(jog, nowMs)) {
    const axis = model.jogAxes.find((a) => a.name === name);
    const zeroed = axis?.setRef(next, 0, nowMs);
    if (zeroed && !isRefused(zeroed)) next = zeroed;
    jog = { ...endLease(jog, name), timeoutCount: (jog.timeoutCount + 1) & 0xffff };
  }
  return jog === state.control.jog ? next : withJog(next, jog);
}

/** Holding points of the jog block; `model` is a getter (the model object lists these points). Append them last. */
export function jogHoldingPoints<S extends MachineState>(model: () => MachineModel<S>): HoldingPoint<S>[] {
  const h = JogMap.holding;
  return [
    {
      address: h.jogConsole,
      words: JOG_BLOCK_WORDS,
      exclusive: true,
      decode: (w) => wordsToFloat32(w[3] ?? 0, w[4] ?? 0),
      apply: (s, _ref, now, words) => applyJogBlock(model(), s, words, now),
    },
    {
      address: h.jogTimeoutMs,
      words: 1,
      decode: (w) => w[0] ?? 0,
      apply: (s, v) => {
        const jog = writeJogTimeout(s.control.jog, v);
        return isRefused(jog) ? jog : withJog(s, jog);
      },
    },
  ];
}

/** Renders the jog block: holding 40..42 the last applied block, 43..44 that axis's effective reference now. */
export function renderJog<S extends MachineState>(model: MachineModel<S>, state: S, image: RegisterImage): void {
  const jog = state.control.jog;
  const h = JogMap.holding;
  image.holding[h.jogConsole] = jog.applied.console;
  image.holding[h.jogSeq] = jog.applied.seq;
  image.holding[h.jogAxis] = jog.applied.axis;
  const axis = jog.applied.console !== 0 ? model.jogAxes[jog.applied.axis] : undefined;
  image.setFloat32('holding', h.jogSpeedRef, axis ? axis.ref(state) : 0);
  image.holding[h.jogTimeoutMs] = jog.timeoutMs;
  const i = JogMap.input;
  image.input[i.jogAcceptedCount] = jog.acceptedCount;
  image.input[i.staleJogCount] = jog.staleCount;
  image.input[i.lastJogSeq] = jog.lastSeq ?? 0;
  image.setBits('input', i.jogStatus, jogStatusBits(jog));
  image.input[i.jogRefusedCount] = jog.refusedCount;
  image.input[i.jogTimeoutCount] = jog.timeoutCount;
}
