/**
 * The countdown of an armed command (Arm → Confirm): seconds left, and when the arm must be dropped — it ran out, or
 * the control became blocked meanwhile (link, role or control lost): a Confirm the engine would refuse is not offered.
 */
import { useEffect } from 'react';
import { useNow } from '../../app/use-now';
import type { Blocked } from './access';
import type { Armed } from './use-command';

/** Seconds left of `armed` at `now`, and whether it is to be dropped (pure). */
export function armState(armed: Armed | null, now: number, blocked: Blocked | undefined): { secondsLeft: number; drop: boolean } {
  if (!armed) return { secondsLeft: 0, drop: false };
  const secondsLeft = Math.max(0, Math.ceil((armed.expiresAt - now) / 1000));
  return { secondsLeft, drop: secondsLeft === 0 || blocked !== undefined };
}

/** The countdown of `armed`, ticking four times a second while armed; calls `cancel` when the arm is to be dropped. */
export function useArmCountdown(armed: Armed | null, blocked: Blocked | undefined, cancel: () => void): number {
  const now = useNow(armed ? 250 : 60_000);
  const { secondsLeft, drop } = armState(armed, now, blocked);
  useEffect(() => {
    if (drop) cancel(); // back to the first step
  }, [drop, cancel]);
  return secondsLeft;
}
