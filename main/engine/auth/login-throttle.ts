/**
 * Wrong-PIN throttle, per user and per client: after a few failures every further attempt waits out a lockout
 * that doubles with each failure (capped), so guessing a 4-digit PIN takes days, not minutes. Pure state + clock.
 */

/** Failures allowed before lockouts start. */
export const FREE_FAILURES = 3;
const BASE_LOCK_MS = 1000;
const MAX_LOCK_MS = 5 * 60_000;

interface Record {
  failures: number;
  lockedUntil: number;
}

/** Counts failures by key (`user:NAME`, `client:LABEL`) and says how long a key is locked out. */
export class LoginThrottle {
  private readonly records = new Map<string, Record>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until any of `keys` may try again (0 = now). */
  waitMs(keys: readonly string[]): number {
    const t = this.now();
    return Math.max(0, ...keys.map((k) => (this.records.get(k)?.lockedUntil ?? 0) - t));
  }

  /** Records a failed attempt for every key. */
  fail(keys: readonly string[]): void {
    for (const key of keys) {
      const record = this.records.get(key) ?? { failures: 0, lockedUntil: 0 };
      record.failures++;
      if (record.failures > FREE_FAILURES) record.lockedUntil = this.now() + Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (record.failures - FREE_FAILURES - 1));
      this.records.set(key, record);
    }
  }

  /** A successful login clears the user's record (not the client's: one good PIN must not unlock guessing others). */
  succeed(userKey: string): void {
    this.records.delete(userKey);
  }
}
