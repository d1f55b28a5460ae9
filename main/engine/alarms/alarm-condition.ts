/** Limit checks with deadband, and on/off delays: pure, with time passed in. */

/** A tag limit of the site file. */
export interface LimitSpec {
  above?: number;
  below?: number;
  equals?: number | boolean;
  deadband: number;
}

/** Whether `value` is in alarm; once active, a limit clears only `deadband` back inside it. */
export function limitActive(spec: LimitSpec, value: number, wasActive: boolean): boolean {
  const band = wasActive ? spec.deadband : 0;
  if (spec.above !== undefined && value > spec.above - band) return true;
  if (spec.below !== undefined && value < spec.below + band) return true;
  if (spec.equals !== undefined) return value === (typeof spec.equals === 'boolean' ? (spec.equals ? 1 : 0) : spec.equals);
  return false;
}

/** Delays a condition: it turns on after holding `onMs`, off after being gone `offMs`. */
export class DelayFilter {
  private raw = false;
  private since = 0;
  output = false;

  constructor(
    private readonly onMs: number,
    private readonly offMs: number,
  ) {}

  /** Feeds the raw condition at `now`; returns the delayed output. */
  update(raw: boolean, now: number): boolean {
    if (raw !== this.raw) {
      this.raw = raw;
      this.since = now;
    }
    return this.settle(now);
  }

  /** Re-checks the pending change at `now` (timer). */
  settle(now: number): boolean {
    if (this.raw !== this.output && now - this.since >= (this.raw ? this.onMs : this.offMs)) this.output = this.raw;
    return this.output;
  }

  /** Drops a change waiting out its delay: its input became unknown (stale, bad), so it must not complete on that. */
  cancelPending(): void {
    this.raw = this.output;
  }

  /** Starts settled on `active` (an alarm restored after a restart must not re-rise through its on-delay). */
  seed(active: boolean): void {
    this.raw = active;
    this.output = active;
  }

  /** True while a change waits out its delay. */
  get pending(): boolean {
    return this.raw !== this.output;
  }
}
