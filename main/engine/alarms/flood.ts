/**
 * Alarm flood figures: how many alarms rose in the last 10 minutes (ISA-18.2 calls more than 10 per operator a
 * flood). Counting only: no alarm is ever dropped or hidden by a flood, least of all an urgent one.
 */

const WINDOW_MS = 10 * 60_000;
const FLOOD_THRESHOLD = 10;
/** Bounded memory: in a flood older raise times beyond this many are summarised by the count alone. */
const MAX_TIMES = 10_000;

/** Counts raised alarms in a sliding 10-minute window. */
export class FloodCounter {
  private readonly times: number[] = [];
  private urgentTotal = 0;

  constructor(private readonly now: () => number) {}

  /** An alarm became active. */
  raised(priority: string): void {
    if (priority === 'urgent') this.urgentTotal++;
    this.times.push(this.now());
    if (this.times.length > MAX_TIMES) this.times.shift();
  }

  /** The figures the alarm list shows. */
  figures(active: number, unacked: number): { active: number; unacked: number; raisedLast10Min: number; flooding: boolean } {
    const since = this.now() - WINDOW_MS;
    while (this.times.length > 0 && (this.times[0] as number) < since) this.times.shift();
    return { active, unacked, raisedLast10Min: this.times.length, flooding: this.times.length > FLOOD_THRESHOLD };
  }

  /** Urgent alarms raised since start (never dropped: every one is also an event and a history row). */
  get urgentRaised(): number {
    return this.urgentTotal;
  }
}
