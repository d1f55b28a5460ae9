/**
 * Logs the refusals of one client without letting a flood fill the log or stall the engine: the first few per
 * interval are logged one by one, the rest are counted and summarised in one line at the end of the interval.
 */
import type { Logger } from '../drivers/driver';

/** How many refusals a client may have logged individually per interval, and the interval. */
export interface RefusalLogPolicy {
  perInterval: number;
  intervalMs: number;
}

/** Five lines per ten seconds per client, then one summary line. */
export const DEFAULT_REFUSAL_LOG: RefusalLogPolicy = { perInterval: 5, intervalMs: 10_000 };

/** Rate-limited refusal logging for one client. */
export class RefusalLog {
  private windowStart = Number.NEGATIVE_INFINITY;
  private loggedInWindow = 0;
  private readonly suppressed = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly log: Logger,
    private readonly label: string,
    private readonly policy: RefusalLogPolicy = DEFAULT_REFUSAL_LOG,
  ) {}

  /** Records one refusal: logged now, or counted for the interval's summary. */
  note(code: string, message: string): void {
    const now = Date.now();
    if (now - this.windowStart >= this.policy.intervalMs) {
      this.flush();
      this.windowStart = now;
      this.loggedInWindow = 0;
    }
    if (this.loggedInWindow < this.policy.perInterval) {
      this.loggedInWindow++;
      this.log.warn(`contract.${code}`, `${this.label}: ${message}`);
      return;
    }
    this.suppressed.set(code, (this.suppressed.get(code) ?? 0) + 1);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, Math.max(0, this.windowStart + this.policy.intervalMs - now));
      this.timer.unref?.();
    }
  }

  /** Writes the summary of what was counted so far, if anything. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.suppressed.size === 0) return;
    const counts = Object.fromEntries(this.suppressed);
    const total = [...this.suppressed.values()].reduce((a, b) => a + b, 0);
    this.suppressed.clear();
    const codes = Object.entries(counts).map(([code, n]) => `${code} ×${n}`).join(', ');
    this.log.warn('contract.refusals-suppressed', `${this.label}: ${total} more refused messages not logged one by one (${codes})`, { counts });
  }
}
