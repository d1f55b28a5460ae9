/**
 * Wrong-PIN throttle, per user and per client: after a few failures every further attempt waits out a lockout
 * that doubles with each failure (capped), so guessing a 4-digit PIN takes days, not minutes. Failures are
 * forgotten after an hour without one: the odd typo spread over days never adds up to a lockout, while guessing in
 * bursts with an hour's pause between them gains nothing over guessing once per longest lockout. Pure state + clock.
 */

/** Failures allowed before lockouts start. */
export const FREE_FAILURES = 3;
const BASE_LOCK_MS = 1000;
const MAX_LOCK_MS = 5 * 60_000;
/**
 * A key with no failure for this long starts again from zero. An hour: a guesser who pauses that long between bursts
 * (3 free guesses, then lockouts of 1, 2, 4 … s) stays below the 288 guesses a day of guessing on without a pause
 * at the 5-minute cap (about 250 for bursts of 10), so the pause never pays.
 */
export const FORGET_AFTER_MS = 60 * 60_000;
/** Records beyond this many are swept of forgotten ones (user names that do not exist would pile up otherwise)… */
const SWEEP_ABOVE = 1000;
/** …at most this often (a sweep walks every record: one per failure made a flood of fresh names quadratic). */
const SWEEP_EVERY_MS = 60_000;
/**
 * At most this many records (~2 MB). A flood of fresh names and connections within the hour (verification lets
 * through ~50 failures/s) evicts the records that failed least recently, never a kept one (`keep`: the site's own
 * users, whose lockouts are what the throttle is for, and the consoles their lockouts spare, which only their own
 * count holds): an evicted client or unknown name only starts again.
 */
export const MAX_RECORDS = 10_000;

interface Record {
  failures: number;
  lockedUntil: number;
  lastFailureAt: number;
}

/** Counts failures by key (`user:NAME`, `client:KEY`) and says how long a key is locked out. */
export class LoginThrottle {
  /** In the order of their last failure, oldest first (re-inserted on each), so eviction takes the front. */
  private readonly records = new Map<string, Record>();
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly now: () => number = Date.now,
    /** Keys never evicted to keep within MAX_RECORDS (few: the site's users, and at most 1,000 known consoles). */
    private readonly keep: (key: string) => boolean = () => false,
  ) {}

  /** Records held (failures within the hour, or a lockout still running). */
  get size(): number {
    return this.records.size;
  }

  /** Milliseconds until any of `keys` may try again (0 = now). */
  waitMs(keys: readonly string[]): number {
    const t = this.now();
    return Math.max(0, ...keys.map((k) => (this.records.get(k)?.lockedUntil ?? 0) - t));
  }

  /** Records a failed attempt for every key. */
  fail(keys: readonly string[]): void {
    const t = this.now();
    if (this.records.size > SWEEP_ABOVE && t - this.sweptAt >= SWEEP_EVERY_MS) {
      this.sweptAt = t;
      for (const [key, record] of this.records) if (this.forgotten(record, t)) this.records.delete(key);
    }
    for (const key of keys) {
      const kept = this.records.get(key);
      const record = kept && !this.forgotten(kept, t) ? kept : { failures: 0, lockedUntil: 0, lastFailureAt: t };
      record.failures++;
      record.lastFailureAt = t;
      if (record.failures > FREE_FAILURES) record.lockedUntil = t + Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (record.failures - FREE_FAILURES - 1));
      this.records.delete(key); // to the back: the most recent failure
      this.records.set(key, record);
    }
    this.evictPastBound(keys);
  }

  /** Drops the least recently failed records past MAX_RECORDS, sparing kept keys and the ones just counted. */
  private evictPastBound(counted: readonly string[]): void {
    let over = this.records.size - MAX_RECORDS;
    if (over <= 0) return;
    for (const key of this.records.keys()) {
      if (this.keep(key) || counted.includes(key)) continue;
      this.records.delete(key);
      if (--over === 0) return;
    }
  }

  /** True when a record's failures no longer count: quiet for FORGET_AFTER_MS, and its lockout (if any) over. */
  private forgotten(record: Record, t: number): boolean {
    return t - record.lastFailureAt >= FORGET_AFTER_MS && t >= record.lockedUntil;
  }
}
