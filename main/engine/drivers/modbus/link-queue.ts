/**
 * One request queue per physical link. By default exactly one request is in flight, always: RTU framing has no
 * transaction id, so a second request in flight would let modbus-serial pair a reply with the wrong request.
 *
 * Four lanes in priority, each FIFO: `stop` > `control` (heartbeat, jog, commands, probes) > `scan` >
 * `maintenance` (raw reads and writes a client asks for). A job never overtakes the one in flight, so a stop waits
 * for at most one job. That is one exchange: a bit write done as read-modify-write where mask write is unavailable
 * (raw-access.ts) is one job of two or three exchanges that nothing may split, as a stop to the same register would
 * be undone, so it ends unsent when a stop arrives between its exchanges (modbus-driver.ts, makeExchanger).
 * Maintenance runs when no scan job is waiting, or once MAINTENANCE_TURN_AFTER scan reads have started while it
 * waited: scan classes whose cycles overrun keep the scan lane never empty, and a raw read must still get through.
 * Its lane is bounded: a client flooding raw reads gets `busy` instead of growing the queue, and delays the scan by
 * at most one exchange per scan read (one per MAINTENANCE_TURN_AFTER on a busy scan lane).
 *
 * Modbus TCP pairs replies by transaction id, so a site may let a link carry `maxInFlight` > 1 requests at once: one
 * round trip then carries several scan reads instead of one (on a 40 ms link, 25 exchanges/s become up to
 * 25 × maxInFlight). Only scan reads are pipelined, at most maxInFlight − 1 of them; the other lanes keep one
 * request in flight between them, in a slot of their own, so writes still reach the device one at a time and in
 * order, and a stop never waits for a scan read's answer: it waits for at most the one stop, control or maintenance
 * job in flight, as with one slot. While a stop waits, no new scan read is sent, so on the wire it follows only
 * the scan reads already sent (which the device answers first).
 */
import { MAX_IN_FLIGHT } from '../../../../shared/site/site-parts';
import { DriverError } from '../driver-error';

/** Queue lanes, highest priority first. */
export const LANES = ['stop', 'control', 'scan', 'maintenance'] as const;
/** A queue lane. */
export type Lane = (typeof LANES)[number];

/** Scan reads that may start while a maintenance job waits before it gets the next turn. */
export const MAINTENANCE_TURN_AFTER = 4;

/** Default cap on waiting jobs per lane; lanes not listed are unbounded (their callers are the engine itself). */
export const DEFAULT_LANE_LIMITS: Readonly<Partial<Record<Lane, number>>> = { maintenance: 16 };

/** What a write changes: registers or coils `from`..`to` of one unit's table, or one `bit` of a holding register. */
export interface WriteTarget {
  unit: number;
  table: string;
  from: number;
  to: number;
  bit?: number;
}

/** Whether two writes touch the same thing (their order then matters); different bits of one register do not. */
function overlaps(a: WriteTarget, b: WriteTarget): boolean {
  if (a.unit !== b.unit || a.table !== b.table || a.to < b.from || b.to < a.from) return false;
  return a.bit === undefined || b.bit === undefined || a.bit === b.bit;
}

/** What a job may say of itself besides its lane. */
export interface JobOptions {
  /** A motion group (the equipment a jog reference moves): `cancel(group)` withdraws the job while it waits. */
  group?: string | undefined;
  /**
   * Names the request in full (values included) and what it writes to (`target`): while the job waits, an identical
   * request may `join` it instead of queueing again, unless a later waiting job writes to the same target.
   */
  share?: { key: string; target: WriteTarget } | undefined;
  /** Asked when the job's turn comes, right before it goes out: false withdraws it unsent (`cancelled`). */
  wanted?: (() => boolean) | undefined;
}

/** A queued job; every field always present, so every job has one shape (the scan's reads are a hot path). */
interface Job {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  group: string | undefined;
  share: JobOptions['share'];
  wanted: JobOptions['wanted'];
  /** Callers that joined it (see `join`): settled with it. */
  followers: { resolve: (value: unknown) => void; reject: (error: unknown) => void }[] | undefined;
}

/** No options (shared: nothing is allocated for a plain job). */
const PLAIN: JobOptions = Object.freeze({});

/** Settles a job and everyone who joined it. */
function settleJob(job: Job, ok: boolean, outcome: unknown): void {
  (ok ? job.resolve : job.reject)(outcome);
  if (job.followers) for (const follower of job.followers) (ok ? follower.resolve : follower.reject)(outcome);
}

/** A FIFO per lane; one job running at a time, or several scan jobs beside one other (see above). */
export class LinkQueue {
  private readonly lanes: Record<Lane, Job[]> = { stop: [], control: [], scan: [], maintenance: [] };
  /** Scan jobs running now. */
  private scansRunning = 0;
  /** A stop, control or maintenance job is running now. */
  private otherRunning = false;
  /** Scan reads started while a maintenance job waited (reset when one starts). */
  private scansPassedMaintenance = 0;
  /** Scan jobs that may run at once: 1 with one slot, else all slots but the one kept for the other lanes. */
  private readonly scanSlots: number;
  private closedReason: string | undefined;
  /** Jobs completed (ok or not), for statistics. */
  completed = 0;
  /** Highest number of jobs waiting at once. */
  maxDepth = 0;
  /** Highest number of jobs running at once. */
  maxRunning = 0;
  /** Requests that joined an identical waiting job instead of queueing (see `join`). */
  joined = 0;
  /** Jobs withdrawn unsent because they were no longer wanted when their turn came (JobOptions.wanted). */
  withdrawnUnwanted = 0;
  /** Jobs refused because their lane was full, per lane. */
  readonly refused: Record<Lane, number> = { stop: 0, control: 0, scan: 0, maintenance: 0 };

  constructor(
    private readonly limits: Readonly<Partial<Record<Lane, number>>> = DEFAULT_LANE_LIMITS,
    /** Requests in flight at once (1: strictly one, the only choice on RTU framing). */
    readonly maxInFlight = 1,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT) throw new RangeError(`maxInFlight must be a whole number from 1 to ${MAX_IN_FLIGHT}, not ${maxInFlight}`);
    this.scanSlots = Math.max(1, maxInFlight - 1);
  }

  /** Jobs running now. */
  get running(): number {
    return this.scansRunning + (this.otherRunning ? 1 : 0);
  }

  /** Jobs waiting (not counting the one in flight). */
  get depth(): number {
    return LANES.reduce((sum, lane) => sum + this.lanes[lane].length, 0);
  }

  /** Jobs waiting in one lane. */
  waiting(lane: Lane): number {
    return this.lanes[lane].length;
  }

  /** Runs `run` when every job ahead of it has settled; resolves or rejects with its outcome. */
  enqueue<T>(run: () => Promise<T>, lane: Lane, options: JobOptions = PLAIN): Promise<T> {
    if (this.closedReason !== undefined) return Promise.reject(new DriverError('not-connected', 'modbus-not-connected', this.closedReason));
    const limit = this.limits[lane];
    if (limit !== undefined && this.lanes[lane].length >= limit) {
      this.refused[lane]++;
      return Promise.reject(new DriverError('busy', 'link-queue-full', `the link is busy: ${limit} ${lane} requests are already waiting; try again shortly`, { lane, limit }));
    }
    return new Promise<T>((resolve, reject) => {
      this.lanes[lane].push({ run, resolve: resolve as (value: unknown) => void, reject, group: options.group, share: options.share, wanted: options.wanted, followers: undefined });
      this.maxDepth = Math.max(this.maxDepth, this.depth);
      this.pump();
    });
  }

  /**
   * Shares the outcome of the job of `lane` with the same `share.key` that is still waiting (not yet on the wire), instead of
   * queueing the same request again; undefined when none waits. Stops pressed over and over (a held key, many
   * consoles) so hold at most one write per stop target in the stop lane, and whatever waits behind it is not
   * starved. A job already on the wire is not joined: a stop pressed after it went out is written again.
   */
  join<T>(lane: Lane, share: { key: string; target: WriteTarget }): Promise<T> | undefined {
    // The last waiting job that writes to what this writes: joined only if it is this very request and can only be
    // withdrawn with it (no group, nothing asked before it goes), so no write overtakes another and none is lost.
    const jobs = this.lanes[lane];
    let waiting: Job | undefined;
    for (let i = jobs.length - 1; i >= 0 && !waiting; i--) {
      const target = jobs[i]?.share?.target;
      if (target && overlaps(target, share.target)) waiting = jobs[i];
    }
    if (!waiting || waiting.share?.key !== share.key || waiting.group !== undefined || waiting.wanted !== undefined) return undefined;
    const joinedJob = waiting;
    this.joined++;
    return new Promise<T>((resolve, reject) => (joinedJob.followers ??= []).push({ resolve: resolve as (value: unknown) => void, reject }));
  }

  /** Refuses new jobs and rejects the waiting ones; the job in flight settles on its own. */
  close(reason: string): void {
    this.closedReason = reason;
    this.scansPassedMaintenance = 0;
    const error = new DriverError('not-connected', 'modbus-not-connected', reason);
    for (const lane of LANES) for (const job of this.lanes[lane].splice(0)) settleJob(job, false, error);
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
        settleJob(job, false, error);
        cancelled++;
      }
    }
    return cancelled;
  }

  /** The lane whose first job may start now, if any: the highest lane with a job waiting that has a free slot. */
  private nextLane(): Lane | undefined {
    const running = this.running;
    if (running >= this.maxInFlight) return undefined;
    for (const lane of LANES) {
      if (this.lanes[lane].length === 0) continue;
      if (lane === 'scan') {
        // While a stop waits for the other slot, no new scan read goes out: the stop is the next request on the wire.
        if (this.lanes.stop.length > 0) return undefined;
        if (this.maintenanceTurn() && !this.otherRunning && (this.maxInFlight > 1 || running === 0)) return 'maintenance';
        if (this.scansRunning < this.scanSlots && (this.maxInFlight > 1 || running === 0)) return lane;
        return undefined; // otherwise maintenance never runs while a scan job waits
      }
      // With one slot, nothing overtakes the job in flight; with more, one of these lanes' jobs at a time.
      if (!this.otherRunning && (this.maxInFlight > 1 || running === 0)) return lane;
    }
    return undefined;
  }

  /** Whether a waiting maintenance job has let MAINTENANCE_TURN_AFTER scan reads pass and goes next. */
  private maintenanceTurn(): boolean {
    return this.lanes.maintenance.length > 0 && this.scansPassedMaintenance >= MAINTENANCE_TURN_AFTER;
  }

  private pump(): void {
    for (let lane = this.nextLane(); lane !== undefined; lane = this.nextLane()) {
      const job = this.lanes[lane].shift() as Job;
      if (job.wanted && !this.stillWanted(job)) continue;
      const scan = lane === 'scan';
      if (lane === 'maintenance') this.scansPassedMaintenance = 0;
      else if (scan && this.lanes.maintenance.length > 0) this.scansPassedMaintenance++;
      if (scan) this.scansRunning++;
      else this.otherRunning = true;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      // Settle the job, then start the next one (no .finally: one promise less per exchange on the hot path). A job
      // that throws before its promise exists fails like one that rejects, or its slot would stay taken for good.
      let work: Promise<unknown>;
      try {
        work = job.run();
      } catch (error) {
        work = Promise.reject(error);
      }
      work.then(
        (value) => this.settled(scan, job, true, value),
        (error: unknown) => this.settled(scan, job, false, error),
      );
    }
  }

  /** Asks a job whether it still goes out; one that does not is withdrawn unsent. */
  private stillWanted(job: Job): boolean {
    let wanted = false;
    try {
      wanted = (job.wanted as () => boolean)();
    } catch {
      // a check that fails withdraws the job: nothing goes out that was not confirmed wanted
    }
    if (!wanted) {
      this.withdrawnUnwanted++;
      settleJob(job, false, new DriverError('cancelled', 'withdrawn-before-sending', 'No longer wanted when its turn on the link came: not sent'));
    }
    return wanted;
  }

  private settled(scan: boolean, job: Job, ok: boolean, outcome: unknown): void {
    settleJob(job, ok, outcome);
    if (scan) this.scansRunning--;
    else this.otherRunning = false;
    this.completed++;
    this.pump();
  }
}
