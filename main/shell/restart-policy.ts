/** When a crashed engine host may be restarted: a few times, then stop and say so (no crash loop). */

/** Tracks restarts in a sliding window; `allow()` says whether one more may happen now. */
export class RestartPolicy {
  private readonly times: number[] = [];

  constructor(
    private readonly maxRestarts = 5,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  allow(): boolean {
    const now = this.now();
    while (this.times.length > 0 && now - (this.times[0] as number) > this.windowMs) this.times.shift();
    if (this.times.length >= this.maxRestarts) return false;
    this.times.push(now);
    return true;
  }
}
