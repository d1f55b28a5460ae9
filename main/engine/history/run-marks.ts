/**
 * Whether the engine's last run ended cleanly, kept in the history file. A run that ended without closing its history
 * (a crash, a kill, a power cut) left every value as last recorded: the next run marks each signal stale just after
 * that run's last write, so trends show the time the engine was away as a gap, never a line held across it. (A clean
 * stop marks its values stale itself: connections/supervisor.ts.)
 */
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

/** The run flags of one history file: the process whose run is open (`runPid`, 0 when none) and its last write. */
export class RunMarks {
  /** False when another engine, still running, has this file open: its run is not ours to mark or close. */
  private owner = false;

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
    if (pid !== 0 && pid !== process.pid && running(pid)) return [];
    this.owner = true;
    this.meta.set('runPid', process.pid);
    const last = this.meta.get('lastWriteAt');
    if (pid === 0 || last === undefined) return [];
    return signalIds.map((signalId) => ({ signalId, t: last + 1, value: Number.NaN, quality: Quality.stale }));
  }

  /** This run ended cleanly. */
  close(): void {
    if (this.owner) this.meta.set('runPid', 0);
  }
}
