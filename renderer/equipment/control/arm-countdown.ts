/**
 * The countdown of an armed command (Arm → Confirm): seconds left, and when the arm must be dropped — it ran out, or
 * the control became blocked meanwhile (link, role or control lost): a Confirm the engine would refuse is not offered.
 *
 * The engine's expiry is on its own clock: compared with this window's `Date.now()` it would be wrong by the clocks'
 * difference (a browser on another machine, skew). So the countdown starts from the time left the reply gives, less
 * the request's whole round trip (the reply may have spent it all in transit), and runs on this window's monotonic
 * clock (`performance.now()`), which no clock step moves. An engine that sends no time left has its expiry converted
 * with the engine clock offset the link measures (`link.clock`, clock-sync.ts).
 */
import { useEffect } from 'react';
import { useMonotonicNow } from '../../app/use-now';
import type { Blocked } from './access';

/** An armed command waiting for its confirmation. */
export interface Armed {
  armId: string;
  /** When the arm runs out, on this window's monotonic clock (`performance.now()`). */
  deadline: number;
  value: number | undefined;
}

/** The engine clock as this window knows it at receipt: local minus engine time, and that estimate's error bound. */
export interface EngineClock {
  offsetMs: number | undefined;
  uncertaintyMs: number | undefined;
}

/** When an arm with `expiresInMs` left at the reply runs out on this window's monotonic clock (never later than the engine's). */
export function armDeadlineFromLeft(expiresInMs: number, sentMono: number, receivedMono: number): number {
  return receivedMono + Math.max(0, expiresInMs - (receivedMono - sentMono));
}

/**
 * When an arm that the engine says expires at `expiresAt` (engine clock) runs out on this window's monotonic clock,
 * given the wall and monotonic times of receipt. Less the offset's error bound, so the countdown never outlasts the
 * engine's arm. Without an offset yet (no `link.clock` answer so far) the two clocks are taken to agree.
 */
export function armDeadline(expiresAt: number, receivedWall: number, receivedMono: number, clock: EngineClock): number {
  const engineNow = receivedWall - (clock.offsetMs ?? 0);
  return receivedMono + Math.max(0, expiresAt - engineNow - (clock.uncertaintyMs ?? 0));
}

/** Seconds left of `armed` at monotonic time `now`, and whether it is to be dropped (pure). */
export function armState(armed: Armed | null, now: number, blocked: Blocked | undefined): { secondsLeft: number; drop: boolean } {
  if (!armed) return { secondsLeft: 0, drop: false };
  const secondsLeft = Math.max(0, Math.ceil((armed.deadline - now) / 1000));
  return { secondsLeft, drop: secondsLeft === 0 || blocked !== undefined };
}

/** The countdown of `armed`, ticking four times a second while armed; calls `cancel` when the arm is to be dropped. */
export function useArmCountdown(armed: Armed | null, blocked: Blocked | undefined, cancel: () => void): number {
  const now = useMonotonicNow(armed ? 250 : 60_000);
  const { secondsLeft, drop } = armState(armed, now, blocked);
  useEffect(() => {
    if (drop) cancel(); // back to the first step
  }, [drop, cancel]);
  return secondsLeft;
}
