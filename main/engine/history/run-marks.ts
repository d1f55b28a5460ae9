/**
 * Whether the engine's last run ended cleanly, kept in the history file. A run that ended without closing its history
 * (a crash, a kill, a power cut) left every value as last recorded: the next run marks each signal stale just after
 * that run's last write, so trends show the time the engine was away as a gap, never a line held across it. (A clean
 * stop marks its values stale itself: connections/supervisor.ts.)
 */
import { uptime } from 'node:os';
import { Quality } from '../../../shared/contract/telemetry';
import type { HistoryMeta } from './history-meta';
import type { HistorySample } from './history-store';
import type { SampleColumnsData } from './sample-columns';

/** Whether process `pid` runs (on this machine: a history file is local). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, owned by someone else
  }
}

/** When this machine booted (ms since the epoch, to the second): a pid names the same process only within one boot. */
function machineBootAt(): number {
  return Math.round((Date.now() - uptime() * 1000) / 1000) * 1000;
}

/** Two boot times this far apart are two boots (the estimate moves with wall-clock steps; a reboot takes longer). */
const SAME_BOOT_MS = 60_000;

/**
 * The run flags of one history file: the process whose run is open (`runPid`, 0 when none), the boot it ran in
 * (`runBootAt`), and its last write.
 */
export class RunMarks {
  /** False when another engine, still running, has this file open: its run is not ours to mark or close. */
  private owner = false;
  /** The last run's last write, as found when this run opened (undefined: none, or another engine's run is open). */
  previousEnd: number | undefined;

  constructor(private readonly meta: HistoryMeta) {}

  /**
   * Notes a flush written at `now` (inside its transaction, so the mark never runs ahead of the data): the later of
   * `now` and its newest sample, so a marker always follows every sample (a device clock may run ahead).
   */
  wrote(batch: SampleColumnsData, now: number): void {
    let latest = now;
    for (let i = 0; i < batch.length; i++) if ((batch.times[i] as number) > latest) latest = batch.times[i] as number;
    this.meta.set('lastWriteAt', latest);
  }

  /**
   * Opens this run. When the last one did not end cleanly (its process is gone, or was this one): the stale markers
   * of `signalIds` just after its last write, to write before anything else; else none. A run another live engine
   * has open (a second console on the same data folder) is left alone.
   */
  open(signalIds: readonly number[]): HistorySample[] {
    const pid = this.meta.get('runPid') ?? 0;
    const boot = machineBootAt();
    // After a reboot (a power cut) the old pid may name an unrelated process: only a pid of this boot is that engine.
    const runBoot = this.meta.get('runBootAt');
    const sameBoot = runBoot === undefined || Math.abs(runBoot - boot) < SAME_BOOT_MS;
    if (pid !== 0 && pid !== process.pid && sameBoot && running(pid)) return [];
    this.owner = true;
    this.meta.set('runPid', process.pid);
    this.meta.set('runBootAt', boot);
    const last = this.meta.get('lastWriteAt');
    this.previousEnd = last;
    if (pid === 0 || last === undefined) return [];
    return signalIds.map((signalId) => ({ signalId, t: last + 1, value: Number.NaN, quality: Quality.stale }));
  }

  /** This run ended cleanly. */
  close(): void {
    if (this.owner) this.meta.set('runPid', 0);
  }
}
