/**
 * One serialized request queue per physical link: exactly one request in flight, always. RTU framing has no
 * transaction id, so a second request in flight would let modbus-serial pair a reply with the wrong request.
 *
 * Four lanes in strict priority, each FIFO: `stop` > `control` (heartbeat, jog, commands, probes) > `scan` >
 * `maintenance` (raw reads and writes a client asks for). A job never overtakes the one in flight, so a stop waits
 * for at most one exchange. Maintenance only runs when no scan job is waiting, and its lane is bounded: a client
 * flooding raw reads gets `busy` instead of growing the queue or delaying the scan cycle by more than one exchange
 * per scan read.
 */
import { DriverError } from '../driver-error';

/** Queue lanes, highest priority first. */
export const LANES = ['stop', 'control', 'scan', 'maintenance'] as const;
/** A queue lane. */
export type Lane = (typeof LANES)[number];

/** Default cap on waiting jobs per lane; lanes not listed are unbounded (their callers are the engine itself). */
export const DEFAULT_LANE_LIMITS: Readonly<Partial<Record<Lane, number>>> = { maintenance: 16 };

interface Job {
  run: () => Promise<unknown>;
  /** A motion group (the equipment a jog reference moves): `cancel(group)` withdraws the job while it waits. */
  group: string | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A FIFO per lane with one job running at a time. */
export class LinkQueue {
  private readonly lanes: Record<Lane, Job[]> = { stop: [], control: [], scan: [], maintenance: [] };
  private running = false;
  private closedReason: string | undefined;
  /** Jobs completed (ok or not), for statistics. */
  completed = 0;
  /** Highest number of jobs waiting at once. */
  maxDepth = 0;
  /** Jobs refused because their lane was full, per lane. */
  readonly refused: Record<Lane, number> = { stop: 0, control: 0, scan: 0, maintenance: 0 };

  constructor(private readonly limits: Readonly<Partial<Record<Lane, number>>> = DEFAULT_LANE_LIMITS) {}

  /** Jobs waiting (not counting the one in flight). */
  get depth(): number {
    return LANES.reduce((sum, lane) => sum + this.lanes[lane].length, 0);
  }

  /** Jobs waiting in one lane. */
  waiting(lane: Lane): number {
    return this.lanes[lane].length;
  }

  /** Runs `run` when every job ahead of it has settled; resolves or rejects with its outcome. */
  enqueue<T>(run: () => Promise<T>, lane: Lane, group?: string): Promise<T> {
    if (this.closedReason !== undefined) return Promise.reject(new DriverError('not-connected', 'modbus-not-connected', this.closedReason));
    const limit = this.limits[lane];
    if (limit !== undefined && this.lanes[lane].length >= limit) {
      this.refused[lane]++;
      return Promise.reject(new DriverError('busy', 'link-queue-full', `the link is busy: ${limit} ${lane} requests are already waiting; try again shortly`, { lane, limit }));
    }
    return new Promise<T>((resolve, reject) => {
      this.lanes[lane].push({ run, group, resolve: resolve as (value: unknown) => void, reject });
      this.maxDepth = Math.max(this.maxDepth, this.depth);
      this.pump();
    });
  }

  /** Refuses new jobs and rejects the waiting ones; the job in flight settles on its own. */
  close(reason: string): void {
    this.closedReason = reason;
    const error = new DriverError('not-connected', 'modbus-not-connected', reason);
    for (const lane of LANES) for (const job of this.lanes[lane].splice(0)) job.reject(error);
  }

  /**
   * Withdraws every waiting job of `group` (the one in flight cannot be recalled) and rejects each with `error`;
   * returns how many. A stop calls it so that no jog reference queued before the stop reaches the device after it.
   */
  cancel(group: string, error: Error): number {
    let cancelled = 0;
    for (const lane of LANES) {
      const jobs = this.lanes[lane];
      for (let i = jobs.length - 1; i >= 0; i--) {
        const job = jobs[i];
        if (job?.group !== group) continue;
        jobs.splice(i, 1);
        job.reject(error);
        cancelled++;
      }
    }
    return cancelled;
  }

  private next(): Job | undefined {
    for (const lane of LANES) {
      const job = this.lanes[lane].shift();
      if (job) return job;
    }
    return undefined;
  }

  private pump(): void {
    if (this.running) return;
    const job = this.next();
    if (!job) return;
    this.running = true;
    // Settle the job, then start the next one (no .finally: one promise less per exchange on the hot path).
    job.run().then(
      (value) => this.settled(job.resolve, value),
      (error: unknown) => this.settled(job.reject, error),
    );
  }

  private settled(settle: (outcome: unknown) => void, outcome: unknown): void {
    settle(outcome);
    this.running = false;
    this.completed++;
    this.pump();
  }
}
