/**
 * Whether the engine's last run ended cleanly, kept in the history file. A run that ended without closing its history
 * (a crash, a kill, a power cut) left every value as last recorded: the next run marks each signal stale just after
 * that run's last write, so trends show the time the engine was away as a gap, never a line held across it. (A clean
 * stop marks its values stale itself: connections/supervisor.ts.)
 */
import { Quality } from '../../../shared/contract/telemetry';
import type { HistoryMeta } from './history-meta';
import type { HistorySample } from './history-store';

/** The run flags of one history file. */
export class RunMarks {
  constructor(private readonly meta: HistoryMeta) {}

  /** Notes a flush written at `now` (inside its transaction, so the mark never runs ahead of the data). */
  wrote(now: number): void {
    this.meta.set('lastWriteAt', now);
  }

  /**
   * Opens this run. When the last one did not end cleanly: the stale markers of `signalIds` just after its last write
   * (to write before anything else), else none.
   */
  open(signalIds: readonly number[]): HistorySample[] {
    const unfinished = this.meta.get('runOpen') === 1;
    const last = this.meta.get('lastWriteAt');
    this.meta.set('runOpen', 1);
    if (!unfinished || last === undefined) return [];
    return signalIds.map((signalId) => ({ signalId, t: last + 1, value: Number.NaN, quality: Quality.stale }));
  }

  /** This run ended cleanly. */
  close(): void {
    this.meta.set('runOpen', 0);
  }
}
