/**
 * Alarm acknowledgements and shelves survive an engine restart: the part of each alarm's state that an operator
 * created (acknowledged or not, shelved until when, by whom, why) plus the condition it was acknowledged against, its
 * suppression by design, and the equipment taken out of service are kept in one small JSON file under the data directory, replaced atomically (sync-dir.ts). Saves are
 * coalesced; operator actions wait for theirs. A missing or unreadable file starts every alarm from normal.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../drivers/driver';
import { replaceFileDurably } from '../sync-dir';

/** A time a Date can hold (ms since 1970, not before it): anything else is not a time this engine wrote. */
const Time = z.number().min(0).max(8.64e15);

/** What is kept of one alarm. */
export const PersistedAlarm = z.object({
  active: z.boolean(),
  acked: z.boolean(),
  since: Time,
  /** When its condition last became active (absent in files written before it was kept). */
  raisedAt: Time.optional(),
  shelved: z.object({ until: Time, reason: z.string().max(500), by: z.string().max(200) }).optional(),
  /** Suppressed by design when saved: it stays hidden after a restart until its inputs say otherwise. */
  suppressed: z.literal(true).optional(),
});
/** What is kept of one alarm. */
export type PersistedAlarm = z.infer<typeof PersistedAlarm>;

/** The saved alarms, and the equipment maintenance took out of service (its alarms suppressed, audited). */
export const SavedAlarms = z.object({ alarms: z.record(z.string(), PersistedAlarm), outOfService: z.array(z.string().max(200)).max(10_000).optional() });
/** The saved alarms, and the equipment out of service. */
export type SavedAlarms = z.infer<typeof SavedAlarms>;

const StateFile = SavedAlarms.extend({ version: z.literal(1), savedAt: Time });
const NOTHING_SAVED: SavedAlarms = { alarms: {} };

/** Coalesces saves to at most one per this many ms (condition changes in a flood). */
const SAVE_DELAY_MS = 100;

/** The alarm state file of one data directory. */
export class AlarmStateFile {
  private readonly file: string;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    dir: string,
    private readonly snapshot: () => SavedAlarms,
    private readonly log: Logger,
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'alarm-state.json');
  }

  /** The saved alarms, or none (with a log line) when the file is missing or unreadable. */
  load(): SavedAlarms {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn('alarms.state-unreadable', `${this.file}: ${(error as Error).message}; alarms start from normal`);
      return NOTHING_SAVED;
    }
    try {
      const parsed = StateFile.safeParse(JSON.parse(text));
      if (parsed.success) return { alarms: parsed.data.alarms, ...(parsed.data.outOfService ? { outOfService: parsed.data.outOfService } : {}) };
      this.log.warn('alarms.state-unreadable', `${this.file}: not an alarm state file; alarms start from normal`);
    } catch {
      this.log.warn('alarms.state-unreadable', `${this.file}: not valid JSON; alarms start from normal`);
    }
    return NOTHING_SAVED;
  }

  /** Schedules a save of the current state. */
  changed(): void {
    this.timer ??= setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  /** Saves now (after any save in progress); never rejects. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.saving = this.saving.then(() => this.write());
    return this.saving;
  }

  private async write(): Promise<void> {
    try {
      await replaceFileDurably(this.file, JSON.stringify({ version: 1, savedAt: Date.now(), ...this.snapshot() }));
    } catch (error) {
      this.log.error('alarms.state-save-failed', `${this.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
