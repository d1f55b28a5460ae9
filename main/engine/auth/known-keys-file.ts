/**
 * The console keys that have logged someone in, kept across engine restarts as their SHA-256
 * (`<dataDir>/auth/console-keys.json`, the owner's only): a console that logged in as a user before a restart stays able to try that user's PIN while guesses
 * from elsewhere lock the user out (console-keys.ts). Replaced atomically on each change (logins are a person's pace);
 * a missing or unreadable file starts with no known console, which costs only that exemption.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../drivers/driver';
import { replaceFileDurably } from '../sync-dir';

/** Keys (their SHA-256, console-keys.ts) and the users each logged in as, least recently used first. */
export type KnownKeys = [keyHash: string, users: string[]][];

const KeysFile = z.object({
  version: z.literal(1),
  known: z.array(z.tuple([z.string().min(1).max(64), z.array(z.string().max(200)).max(1000)])).max(10_000),
});

/** The known-keys file of one data directory. */
export class KnownKeysFile {
  private readonly file: string;
  private saving: Promise<void> = Promise.resolve();
  /** The newest entries not yet written (saves coalesce: only the last one matters). */
  private next: KnownKeys | undefined;

  constructor(
    dir: string,
    private readonly log: Logger,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = join(dir, 'console-keys.json');
  }

  /** The keys saved by the last run, or none (with a log line when the file is there but unreadable). */
  load(): KnownKeys {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.unreadable((error as Error).message);
      return [];
    }
    try {
      const parsed = KeysFile.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data.known;
      this.unreadable('not a console key file');
    } catch {
      this.unreadable('not valid JSON');
    }
    return [];
  }

  /** Saves `known` (after any save in progress; a later call supersedes a waiting one). */
  save(known: KnownKeys): void {
    const waiting = this.next !== undefined;
    this.next = known;
    if (!waiting) this.saving = this.saving.then(() => this.write());
  }

  /** Resolves once every save asked for is written (or failed, logged); never rejects. */
  async flush(): Promise<void> {
    while (this.next !== undefined) await this.saving;
    await this.saving;
  }

  private async write(): Promise<void> {
    const known = this.next;
    this.next = undefined;
    if (!known) return;
    try {
      await replaceFileDurably(this.file, JSON.stringify({ version: 1, known }));
    } catch (error) {
      this.log.warn('auth.console-keys-not-saved', `${this.file}: ${error instanceof Error ? error.message : String(error)}; consoles that logged in keep their exemption only until the engine restarts`);
    }
  }

  private unreadable(why: string): void {
    this.log.warn('auth.console-keys-unreadable', `${this.file}: ${why}; every console starts as new (it must log in once before a lockout by guesses elsewhere spares it)`);
  }
}
