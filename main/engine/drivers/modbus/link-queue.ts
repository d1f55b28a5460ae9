/**
 * One serialized request queue per physical link: exactly one request in flight, always. RTU framing has no
 * transaction id, so a second request in flight would let modbus-serial pair a reply with the wrong request.
 * Urgent jobs (writes, maintenance requests, probes) go ahead of queued scan reads, but never ahead of the one
 * in flight.
 */
import { DriverError } from '../driver-error';

/** Queue position: `urgent` before `scan`. */
export type Priority = 'urgent' | 'scan';

interface Job {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A FIFO per priority with one job running at a time. */
export class LinkQueue {
  private readonly urgent: Job[] = [];
  private readonly scan: Job[] = [];
  private running = false;
  private closedReason: string | undefined;
  /** Jobs completed (ok or not), for statistics. */
  completed = 0;
  /** Highest number of jobs waiting at once. */
  maxDepth = 0;

  /** Jobs waiting (not counting the one in flight). */
  get depth(): number {
    return this.urgent.length + this.scan.length;
  }

  /** Runs `run` when every job before it has settled; resolves or rejects with its outcome. */
  enqueue<T>(run: () => Promise<T>, priority: Priority = 'scan'): Promise<T> {
    if (this.closedReason !== undefined) return Promise.reject(new DriverError('not-connected', 'modbus-not-connected', this.closedReason));
    return new Promise<T>((resolve, reject) => {
      (priority === 'urgent' ? this.urgent : this.scan).push({ run, resolve: resolve as (value: unknown) => void, reject });
      this.maxDepth = Math.max(this.maxDepth, this.depth);
      this.pump();
    });
  }

  /** Refuses new jobs and rejects the waiting ones; the job in flight settles on its own. */
  close(reason: string): void {
    this.closedReason = reason;
    const error = new DriverError('not-connected', 'modbus-not-connected', reason);
    for (const job of this.urgent.splice(0).concat(this.scan.splice(0))) job.reject(error);
  }

  private pump(): void {
    if (this.running) return;
    const job = this.urgent.shift() ?? this.scan.shift();
    if (!job) return;
    this.running = true;
    void job
      .run()
      .then(job.resolve, job.reject)
      .finally(() => {
        this.running = false;
        this.completed++;
        this.pump();
      });
  }
}
