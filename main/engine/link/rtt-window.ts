/**
 * Recent protocol round-trip times per connection (probes and normal traffic), for the command gate's
 * latency-adaptive jog limit: p95 over a short window. The full link monitor builds on the same samples.
 */

const CAPACITY = 256;

/** A fixed ring of (time, rtt) samples. */
export class RttWindow {
  private readonly times = new Float64Array(CAPACITY);
  private readonly rtts = new Float64Array(CAPACITY);
  private next = 0;
  private count = 0;

  constructor(private readonly now: () => number = Date.now) {}

  record(rttMs: number): void {
    if (!Number.isFinite(rttMs) || rttMs < 0) return;
    this.times[this.next] = this.now();
    this.rtts[this.next] = rttMs;
    this.next = (this.next + 1) % CAPACITY;
    this.count = Math.min(CAPACITY, this.count + 1);
  }

  /** The p-th percentile (0..1) of the samples of the last `windowMs`, or undefined with none. */
  percentile(p: number, windowMs: number): number | undefined {
    const since = this.now() - windowMs;
    const recent: number[] = [];
    for (let i = 0; i < this.count; i++) if ((this.times[i] as number) >= since) recent.push(this.rtts[i] as number);
    if (recent.length === 0) return undefined;
    recent.sort((a, b) => a - b);
    return recent[Math.min(recent.length - 1, Math.floor(p * recent.length))];
  }
}
