/**
 * Jog bookkeeping of the control block (see "Jog command block" in main/sim/REGISTER-MAPS.md): the sequence number
 * tracking of the current owner, the jog counters and the optional per-axis jog lease. Pure.
 */
import { badValue, type Refused } from './codes';

/** Accepted jogTimeoutMs values besides 0 (off), in ms. */
export const JOG_TIMEOUT_RANGE: readonly [number, number] = [50, 10_000];

/** Half the 16-bit sequence space: a seq is newer when it is 1..32767 ahead of the last one (mod 65536). */
export const SEQ_WINDOW = 0x8000;

/** Jog state kept in the control block. */
export interface JogState {
  /** Newest sequence number consumed from the current owner; null = none since the last ownership change. */
  lastSeq: number | null;
  /** The last applied jog block (console id, seq, axis index), read back in holding 40..42; zeros after an owner change. */
  applied: { console: number; seq: number; axis: number };
  /** Counters (wrap at 65536). */
  acceptedCount: number;
  staleCount: number;
  refusedCount: number;
  timeoutCount: number;
  /** Axis name → device time (ms) of the last applied non-zero jog of that axis: the jog lease. */
  leases: Readonly<Record<string, number>>;
  /** Lease time (ms): a non-zero jog reference not refreshed within it is zeroed. 0 = off. */
  timeoutMs: number;
}

/** Power-up jog state: no sequence tracked, counters zero, leases off. */
export function initialJog(): JogState {
  return { lastSeq: null, applied: { console: 0, seq: 0, axis: 0 }, acceptedCount: 0, staleCount: 0, refusedCount: 0, timeoutCount: 0, leases: {}, timeoutMs: 0 };
}

/** Serial-number arithmetic (RFC 1982 style, 16 bits): `seq` is newer than `last` when 1..32767 ahead, wrapping. */
export function seqIsNewer(seq: number, last: number): boolean {
  const ahead = (seq - last) & 0xffff;
  return ahead !== 0 && ahead < SEQ_WINDOW;
}

/** A new owner starts fresh: no sequence tracked, no leases, nothing applied yet. Counters and the timeout stay. */
export function resetJogTracking(jog: JogState): JogState {
  return { ...jog, lastSeq: null, applied: { console: 0, seq: 0, axis: 0 }, leases: {} };
}

/** The first block after a reset is accepted whatever its seq; afterwards only newer ones. */
export function jogSeqFresh(jog: JogState, seq: number): boolean {
  return jog.lastSeq === null || seqIsNewer(seq, jog.lastSeq);
}

/** Counts a stale (equal, older or out-of-order) block: discarded, nothing else changes. */
export function countStale(jog: JogState): JogState {
  return { ...jog, staleCount: (jog.staleCount + 1) & 0xffff };
}

/** Counts a refused block; `seq` (when given) is consumed so a delayed copy of it cannot be applied later. */
export function countRefused(jog: JogState, seq?: number): JogState {
  return { ...jog, refusedCount: (jog.refusedCount + 1) & 0xffff, lastSeq: seq ?? jog.lastSeq };
}

function withoutLease(leases: Readonly<Record<string, number>>, axisName: string): Record<string, number> {
  return Object.fromEntries(Object.entries(leases).filter(([axis]) => axis !== axisName));
}

/** Records an applied block: consumes its seq, counts it, and starts (ref ≠ 0) or ends (ref = 0) the axis's lease. */
export function recordApplied(jog: JogState, block: { console: number; seq: number; axis: number }, axisName: string, ref: number, nowMs: number): JogState {
  const others = withoutLease(jog.leases, axisName);
  return {
    ...jog,
    lastSeq: block.seq,
    applied: { ...block },
    acceptedCount: (jog.acceptedCount + 1) & 0xffff,
    leases: ref !== 0 ? { ...others, [axisName]: nowMs } : others,
  };
}

/** Ends the lease of one axis (its reference was set another way, or zeroed). */
export function endLease(jog: JogState, axisName: string): JogState {
  return axisName in jog.leases ? { ...jog, leases: withoutLease(jog.leases, axisName) } : jog;
}

/** Sets the jog lease time: 0 (off) or 50..10000 ms. */
export function writeJogTimeout(jog: JogState, ms: number): JogState | Refused {
  if (ms !== 0 && (ms < JOG_TIMEOUT_RANGE[0] || ms > JOG_TIMEOUT_RANGE[1])) return badValue();
  return { ...jog, timeoutMs: ms };
}

/** Axes whose lease has run out at `nowMs` (none while the timeout is off). */
export function expiredLeases(jog: JogState, nowMs: number): string[] {
  if (jog.timeoutMs === 0) return [];
  return Object.entries(jog.leases)
    .filter(([, since]) => nowMs - since >= jog.timeoutMs)
    .map(([axis]) => axis);
}

/** Bits of the jogStatus input register: bit 0 a seq is tracked, bit 1 a lease is running (timeout on). */
export function jogStatusBits(jog: JogState): boolean[] {
  return [jog.lastSeq !== null, jog.timeoutMs > 0 && Object.keys(jog.leases).length > 0];
}
