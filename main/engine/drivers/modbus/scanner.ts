/**
 * Runs the scan plan: one timer per scan class, each cycle's requests through the link queue. A cycle still running
 * when its next tick comes makes that tick wait: the next cycle starts the moment it ends (waiting for the tick after
 * would leave the link idle, up to halving a slow link's scan). Never stacked: a further tick while it runs is
 * skipped and counted, so `cycles` and `skippedCycles` add up to the cycles due. Exception 2 on a merged block
 * triggers hole learning and a re-plan; a dead unit's requests are skipped (its tags go bad) until its probe is due.
 */
import { Quality } from '../../../../shared/contract/telemetry';
import type { Logger, Sample } from '../driver';
import { DriverError } from '../driver-error';
import { isException } from './errors';
import { HoleLearner } from './hole-learner';
import type { ReadRequest } from './request';
import { planReads, type PlannedRead } from './planner';
import { BlockDecoder } from './block-decoder';
import type { TagLayout } from './tag-layout';
import type { UnitHealth } from './unit-health';

/** Counters per scan class. */
export interface ScanClassStats {
  periodMs: number;
  requestsPerCycle: number;
  cycles: number;
  skippedCycles: number;
  /** Reads the device answered (values or a Modbus exception): what the link carried, a dead unit's skipped reads not. */
  answered: number;
}

/** What the scanner needs from its driver. */
export interface ScannerOptions {
  layouts: readonly TagLayout[];
  maxGap: number;
  scanClasses: Readonly<Record<string, number>>;
  health: UnitHealth;
  /** Reads through the link queue's scan lane. */
  read(request: ReadRequest): Promise<number[] | boolean[]>;
  /** A cycle's reads outstanding at once (the link's scan slots; default 1: each read waits for the one before). */
  readsAtOnce?: number;
  emit(samples: Sample[]): void;
  log: Logger;
}

/** Polls every bound tag per its scan class. */
export class Scanner {
  readonly learner: HoleLearner;
  private readonly decoder: BlockDecoder;
  private plan: PlannedRead[] = [];
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly running = new Set<string>();
  /** Classes whose tick came while their cycle ran: the next cycle starts when it ends. */
  private readonly waitingTick = new Set<string>();
  readonly stats = new Map<string, ScanClassStats>();
  private stopped = false;

  constructor(private readonly options: ScannerOptions) {
    this.learner = new HoleLearner(options.layouts);
    this.decoder = new BlockDecoder(options.layouts);
    this.replan();
  }

  /** The current plan (re-made whenever a hole is learned). */
  get currentPlan(): readonly PlannedRead[] {
    return this.plan;
  }

  /** Starts one timer per scan class in use and runs a first cycle of each at once. */
  start(): void {
    for (const [name, stat] of this.stats) {
      this.timers.push(setInterval(() => this.tick(name), stat.periodMs));
      this.tick(name);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  private replan(): void {
    const { layouts, maxGap, scanClasses } = this.options;
    const items = layouts.map((l, id) => ({ id, unitId: l.unitId, table: l.table, start: l.offset, width: l.width, scanClass: l.binding.tag.scanClass }));
    this.plan = planReads(items, { maxGap, isBlocked: this.learner.isBlocked, isolated: this.learner.isolated });
    for (const read of this.plan) {
      const stat = this.stats.get(read.scanClass) ?? { periodMs: scanClasses[read.scanClass] ?? 1000, requestsPerCycle: 0, cycles: 0, skippedCycles: 0, answered: 0 };
      this.stats.set(read.scanClass, stat);
    }
    for (const [name, stat] of this.stats) stat.requestsPerCycle = this.plan.filter((r) => r.scanClass === name).length;
  }

  private tick(scanClass: string): void {
    const stat = this.stats.get(scanClass);
    if (!stat || this.stopped) return;
    if (this.running.has(scanClass)) {
      if (this.waitingTick.has(scanClass)) stat.skippedCycles++;
      else this.waitingTick.add(scanClass);
      return;
    }
    this.running.add(scanClass);
    stat.cycles++;
    void this.cycle(scanClass)
      .catch((error: unknown) => this.options.log.error('modbus.scan-cycle-failed', `scan class ${scanClass}: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running.delete(scanClass);
        if (this.waitingTick.delete(scanClass)) this.tick(scanClass);
      });
  }

  /**
   * One cycle of a class: its reads in plan order, `readsAtOnce` outstanding at a time (each read's samples are
   * emitted as it is answered). Queued one after the other rather than all at once, so a maintenance request still
   * finds the scan lane empty between them (see LinkQueue).
   */
  private async cycle(scanClass: string): Promise<void> {
    const reads = this.plan.filter((r) => r.scanClass === scanClass);
    const stat = this.stats.get(scanClass) as ScanClassStats;
    let next = 0;
    let learned = false;
    const reader = async (): Promise<void> => {
      while (next < reads.length && !this.stopped) {
        const read = reads[next++] as PlannedRead;
        const samples: Sample[] = [];
        if (!this.options.health.mayPoll(read.unitId)) {
          this.bad(read.items, samples);
        } else {
          learned = (await this.runRead(read, samples, stat)) || learned;
        }
        if (samples.length > 0 && !this.stopped) this.options.emit(samples);
      }
    };
    const readers = Math.max(1, Math.min(this.options.readsAtOnce ?? 1, reads.length));
    if (readers === 1) await reader();
    else {
      // The cycle ends when every reader has (a failure in one must not free the class while the others still read).
      const failed = (await Promise.allSettled(Array.from({ length: readers }, reader))).find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    if (learned && !this.stopped) this.replan();
  }

  /** Reads one planned block into samples; returns true when it learned a hole (the plan must change). */
  private async runRead(read: PlannedRead, samples: Sample[], stat: ScanClassStats): Promise<boolean> {
    try {
      const block = await this.options.read(toRequest(read, read.start, read.count));
      stat.answered++;
      this.decode(read.items, block, read.start, samples);
      return false;
    } catch (error) {
      if (isDeviceAnswer(error)) stat.answered++;
      if (error instanceof DriverError && error.kind === 'not-connected') return false;
      // A dead unit's values are bad (its reads are skipped); its probe timing out again changes nothing.
      if (isUnanswered(error) && !this.options.health.isDead(read.unitId)) {
        this.unconfirmed(read.items, samples);
        return false;
      }
      if (!isException(error, 2)) {
        this.bad(read.items, samples);
        return false;
      }
      if (read.items.length === 1) {
        this.noteHole(read.items[0] as number, false);
        this.bad(read.items, samples);
        return true;
      }
      await this.split(read, samples, stat);
      return true;
    }
  }

  private async split(read: PlannedRead, samples: Sample[], stat: ScanClassStats): Promise<void> {
    const alone = this.learner.splitBlock(read);
    if (alone.length === 0) {
      this.options.log.warn('modbus.block-isolated', `${describe(read)}: tags read fine alone but not together; reading them one by one`);
      this.bad(read.items, samples);
      return;
    }
    const readable: number[] = [];
    for (const id of alone) {
      const layout = this.options.layouts[id];
      if (!layout) continue;
      try {
        const block = await this.options.read(toRequest(read, layout.offset, layout.width));
        stat.answered++;
        this.learner.recordAlone(id, true);
        readable.push(id);
        this.decode([id], block, layout.offset, samples);
      } catch (error) {
        if (isDeviceAnswer(error)) stat.answered++;
        if (isException(error, 2)) this.noteHole(id, true);
        if (isUnanswered(error) && !this.options.health.isDead(read.unitId)) this.unconfirmed([id], samples);
        else this.bad([id], samples);
      }
    }
    this.learner.blockGaps(read, readable);
  }

  private noteHole(id: number, fromSplit: boolean): void {
    const hole = this.learner.recordAlone(id, false);
    if (!hole) return;
    const how = fromSplit ? 'split out of its block' : 'read alone';
    this.options.log.warn('modbus.hole', `${hole.equipmentId}.${hole.tag} (${hole.address}, unit ${hole.unitId}) answers exception 2; ${how}, marked bad`, { ...hole });
  }

  private decode(items: readonly number[], block: number[] | boolean[], start: number, samples: Sample[]): void {
    this.decoder.decode(items, block, start, Date.now(), samples);
  }

  /**
   * No answer came (a timeout, the link closed under the read): nothing says the values changed or went bad, only that
   * they were not confirmed. They stay as they were, flagged stale (a NaN stale marker: the store keeps the last
   * value), as the link monitor makes them once it calls the link silent; marking them bad lost the last reading.
   */
  private unconfirmed(items: readonly number[], samples: Sample[]): void {
    const now = Date.now();
    for (const id of items) {
      const layout = this.options.layouts[id];
      if (layout) samples.push({ signalId: layout.binding.signalId, value: Number.NaN, quality: Quality.stale, sourceTime: now });
    }
  }

  private bad(items: readonly number[], samples: Sample[]): void {
    const now = Date.now();
    for (const id of items) {
      const layout = this.options.layouts[id];
      if (layout) samples.push({ signalId: layout.binding.signalId, value: Number.NaN, quality: Quality.bad, sourceTime: now });
    }
  }
}

/** Nothing came back for the read: no answer in time, or the link closed under it. */
function isUnanswered(error: unknown): boolean {
  return error instanceof DriverError && (error.kind === 'timeout' || error.kind === 'link-lost');
}

/** A Modbus exception is an answer: the request and its reply went over the link. */
function isDeviceAnswer(error: unknown): boolean {
  return error instanceof DriverError && error.kind === 'device-exception';
}

function toRequest(read: PlannedRead, address: number, count: number): ReadRequest {
  return { op: 'read', unitId: read.unitId, table: read.table, address, count };
}

function describe(read: PlannedRead): string {
  return `unit ${read.unitId} ${read.table}:${read.start} ×${read.count}`;
}
