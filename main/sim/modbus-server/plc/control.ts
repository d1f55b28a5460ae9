/**
 * The control block every simulated PLC shares: control owner, local/remote mode, heartbeat watchdog, latched faults
 * and the last refusal. Pure functions of (state, input, now); the machine model decides what "stop" means.
 */
import { Fault, Refusal, badValue, faultBit, forbidden, type Refused } from './codes';
import { initialJog, resetJogTracking, type JogState } from './jog';

/** Survival time limits (ms) accepted by the survival-time register. */
export const SURVIVAL_RANGE: readonly [number, number] = [50, 10_000];

/** State of the control block. */
export interface ControlState {
  /** Console id holding control; 0 = free. */
  owner: number;
  remote: boolean;
  heartbeat: number;
  /** Device clock (ms) when the heartbeat value last changed (or was first written). */
  heartbeatChangedAtMs: number;
  /** The watchdog arms at the first heartbeat write and disarms when control is released. */
  armed: boolean;
  survivalMs: number;
  /** Latched faults, one bit per Fault code. */
  faultBits: number;
  /** The first fault latched since the last reset (0 = none). */
  firstFault: Fault;
  lastRefusal: Refusal;
  /** Counts refusals (wraps at 65536) so a console can tell a new refusal from an old one. */
  refusalCount: number;
  /** Heartbeat age the watchdog saw when it last tripped (device-measured, ms). */
  lastTripAgeMs: number;
  /** Jog command block bookkeeping: the owner's sequence tracking, counters, leases. */
  jog: JogState;
}

/** Power-up state: free, remote, not armed, no faults. */
export function initialControl(survivalMs: number): ControlState {
  return {
    owner: 0,
    remote: true,
    heartbeat: 0,
    heartbeatChangedAtMs: 0,
    armed: false,
    survivalMs,
    faultBits: 0,
    firstFault: Fault.none,
    lastRefusal: Refusal.none,
    refusalCount: 0,
    lastTripAgeMs: 0,
    jog: initialJog(),
  };
}

/** Age of the heartbeat in ms (0 while not armed). */
export function heartbeatAgeMs(control: ControlState, nowMs: number): number {
  return control.armed ? Math.max(0, nowMs - control.heartbeatChangedAtMs) : 0;
}

/** Heartbeats are arriving: armed and changed within the survival time. */
export function heartbeatFresh(control: ControlState, nowMs: number): boolean {
  return control.armed && heartbeatAgeMs(control, nowMs) < control.survivalMs;
}

/** Records a refusal in the reason/count registers. */
export function withRefusal(control: ControlState, refused: Refused): ControlState {
  return { ...control, lastRefusal: refused.refused, refusalCount: (control.refusalCount + 1) & 0xffff };
}

/** Latches a fault (keeps the first one). */
export function latchFault(control: ControlState, fault: Fault): ControlState {
  if (control.faultBits & faultBit(fault)) return control;
  return { ...control, faultBits: control.faultBits | faultBit(fault), firstFault: control.firstFault || fault };
}

/** A heartbeat write: always accepted. Arms the watchdog; only a *changed* value counts as a new heartbeat. */
export function writeHeartbeat(control: ControlState, value: number, nowMs: number): ControlState {
  if (control.armed && value === control.heartbeat) return control;
  return { ...control, heartbeat: value, heartbeatChangedAtMs: nowMs, armed: true };
}

/** Sets the survival time (ms). */
export function writeSurvival(control: ControlState, ms: number): ControlState | Refused {
  if (ms < SURVIVAL_RANGE[0] || ms > SURVIVAL_RANGE[1]) return badValue();
  return { ...control, survivalMs: ms };
}

/**
 * Writes the owner register. Take: write your id while free (or already yours). Release: write 0 (also disarms the
 * watchdog: nobody is driving). Writing another id while owned is refused: use the take-over register.
 * The caller stops motion whenever the owner changes.
 */
export function writeOwner(control: ControlState, id: number): ControlState | Refused {
  if (id === 0) return withOwner({ ...control, armed: control.faultBits ? control.armed : false }, 0);
  if (control.owner !== 0 && control.owner !== id) return forbidden(Refusal.ownedByOther);
  return withOwner(control, id);
}

/** Sets the owner; a different owner starts with fresh jog sequence tracking (its seqs are its own). */
function withOwner(control: ControlState, id: number): ControlState {
  if (id === control.owner) return control;
  return { ...control, owner: id, jog: resetJogTracking(control.jog) };
}

/** Take-over (after the console confirmed it with its operator): the new id wins whoever held control. */
export function takeOver(control: ControlState, id: number): ControlState | Refused {
  if (id === 0) return badValue();
  return withOwner(control, id);
}

/** Local/remote mode request: 0 local, 1 remote; only at standstill. */
export function writeMode(control: ControlState, value: number, standstill: boolean): ControlState | Refused {
  if (value !== 0 && value !== 1) return badValue();
  if ((value === 1) === control.remote) return control;
  if (!standstill) return forbidden(Refusal.notStopped);
  return { ...control, remote: value === 1 };
}

/** Why a non-zero motion reference is refused right now, if it is. Zero references (stopping) are never refused. */
export function motionRefusal(control: ControlState, nowMs: number): Refused | undefined {
  if (!control.remote) return forbidden(Refusal.notRemote);
  if (control.owner === 0) return forbidden(Refusal.notOwner);
  if (control.faultBits) return forbidden(Refusal.faultLatched);
  if (!heartbeatFresh(control, nowMs)) return forbidden(Refusal.noHeartbeat);
  return undefined;
}

/**
 * Fault reset: needs an owner in remote mode and fresh heartbeats (a reset must not re-enable a dead link).
 * `persisting` = fault bits whose cause is still present; those stay latched.
 */
export function resetFaults(control: ControlState, nowMs: number, persisting: number): ControlState | Refused {
  if (!control.remote) return forbidden(Refusal.notRemote);
  if (control.owner === 0) return forbidden(Refusal.notOwner);
  if (!heartbeatFresh(control, nowMs)) return forbidden(Refusal.heartbeatStale);
  const faultBits = control.faultBits & persisting;
  return { ...control, faultBits, firstFault: faultBits ? control.firstFault : Fault.none };
}

/**
 * Watchdog check, once per model tick: armed, not yet tripped, in remote or with motion commanded, and the heartbeat
 * has not changed for the survival time → latch WATCHDOG (the machine then stops all motion).
 */
export function stepWatchdog(control: ControlState, nowMs: number, motionCommanded: boolean): ControlState {
  if (!control.armed || control.faultBits & faultBit(Fault.watchdog)) return control;
  if (!control.remote && !motionCommanded) return control;
  const age = heartbeatAgeMs(control, nowMs);
  if (age < control.survivalMs) return control;
  return { ...latchFault(control, Fault.watchdog), lastTripAgeMs: age };
}

/** True when `x` is a refusal rather than a new state. */
export function isRefused<T extends object>(x: T | Refused): x is Refused {
  return 'refused' in x;
}
