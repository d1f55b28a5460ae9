/** The pure functions that drive a simulated machine (its shape: machine-model.ts). */
import type { ProposedWrite } from '../slave';
import { Refusal, type Refused } from './codes';
import { isRefused, stepWatchdog, withRefusal } from './control';
import { stepJogLeases } from './jog-command';
import type { MachineModel, MachineState, RefusedWithState } from './machine-model';

/** One model tick: watchdog check, jog leases, then dynamics. Pure. */
export function tickMachine<S extends MachineState>(model: MachineModel<S>, state: S, dtMs: number, nowMs: number): S {
  const control = stepWatchdog(state.control, nowMs, model.motionCommanded(state));
  const watched = control === state.control ? state : model.zeroRefs({ ...state, control });
  return model.step(stepJogLeases(model, watched, nowMs), dtMs, nowMs);
}

/** The state a refusal keeps, if it keeps one. */
function keptState<S>(refused: Refused | RefusedWithState<S>): S | undefined {
  return 'keep' in refused ? refused.keep : undefined;
}

/** What a write did: the new state, or the refusal (already recorded in the returned state's control block). */
export type WriteOutcome<S> = { state: S; refused?: Refused };

/**
 * Applies a Modbus write to the state, point by point in address order, all-or-nothing. Every address written must
 * belong to a writable point (else exception 2); `wordAfter` gives a holding word as it will be after the write
 * (for a two-word value written half at a time).
 */
export function applyWrite<S extends MachineState>(
  model: MachineModel<S>,
  state: S,
  write: ProposedWrite,
  wordAfter: (address: number) => number,
  nowMs: number,
): WriteOutcome<S> {
  const end = write.start + write.values.length;
  const refuse = (refused: Refused, base: S = state): WriteOutcome<S> => ({
    state: { ...base, control: withRefusal(base.control, refused) },
    refused: { refused: refused.refused, exception: refused.exception },
  });
  const block = write.table === 'holding' ? model.holdingPoints.find((p) => p.exclusive && p.address < end && p.address + p.words > write.start) : undefined;
  if (block && (write.start !== block.address || write.values.length !== block.words)) {
    return refuse({ refused: Refusal.partialBlock, exception: 2 });
  }
  let next = state;
  let covered = 0;
  if (write.table === 'coil') {
    for (const point of model.coilPoints) {
      if (point.address < write.start || point.address >= end) continue;
      covered++;
      const result = point.apply(next, write.values[point.address - write.start] === 1, nowMs);
      if (isRefused(result)) return refuse(result);
      next = result;
    }
  } else {
    for (const point of model.holdingPoints) {
      if (point.address + point.words <= write.start || point.address >= end) continue;
      covered += Math.min(end, point.address + point.words) - Math.max(write.start, point.address);
      const words = Array.from({ length: point.words }, (_, i) => wordAfter(point.address + i));
      const result = point.apply(next, point.decode(words), nowMs, words);
      // Only an exclusive point (the write's sole point) may keep bookkeeping on refusal: all-or-nothing holds.
      if (isRefused(result)) return refuse(result, keptState(result) ?? state);
      next = result;
    }
  }
  if (covered !== write.values.length) return refuse({ refused: Refusal.notWritable, exception: 2 });
  return { state: next };
}
