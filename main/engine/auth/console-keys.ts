/**
 * Console keys: a random key the engine gives each console (browser tab or window) at `engine.hello`, which the console
 * hands back when it reconnects. The login throttle counts per key, so a console keeps its count across reconnects,
 * and a console that has logged in as a user before stays able to try that user's PIN while the user is locked out by
 * guesses from elsewhere (a token holder guessing from fresh connections could otherwise lock every real user out,
 * and a console where nobody can log in cannot even send the stop). A fresh connection gets a fresh key, and never
 * that exemption: it must know the PIN first. Keys that have logged someone in outlive the engine, kept as their
 * SHA-256 only (known-keys-file.ts: the file, or a backup of it, holds no key a console could present); fresh ones
 * live only as long as it.
 * Keys that have logged someone in are kept apart from the rest, so no number of fresh keys can push them out: only
 * a login (which needs a PIN) makes one, and each side keeps at most MAX_KEYS, the least recently used going first.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { KnownKeys } from './known-keys-file';

/** Keys remembered on each side (fresh ones; ones that have logged someone in). */
const MAX_KEYS = 1000;

/** What is kept of a key that has logged someone in. */
export const keyHash = (key: string): string => createHash('sha256').update(key).digest('base64url');

/** A key that has logged someone in: the users, and the key itself once presented in this run. */
interface Known {
  users: Set<string>;
  key?: string;
}

/** Issued keys, and the users each has logged in as. */
export class ConsoleKeys {
  /** Keys that have logged nobody in; insertion order is recency. */
  private readonly fresh = new Set<string>();
  /** By key hash; insertion order is recency (a hello or a login moves a key to the end). */
  private readonly known = new Map<string, Known>();
  /** The known keys presented in this run (the login throttle never evicts their counts). */
  private readonly presented = new Set<string>();

  /** `saved`: the known keys of the last run; `changed`: told the known keys whenever a login adds to them. */
  constructor(
    saved: KnownKeys = [],
    private readonly changed: (known: KnownKeys) => void = () => undefined,
  ) {
    for (const [hash, users] of saved.slice(-MAX_KEYS)) this.known.set(hash, { users: new Set(users) });
  }

  /** The key a console presenting `presented` goes on with: its own when this engine issued it, else a fresh one. */
  keyFor(presented: string | undefined): string {
    if (presented !== undefined) {
      const hash = keyHash(presented);
      const known = this.known.get(hash);
      if (known) {
        this.touch(hash, known, presented);
        return presented;
      }
      if (this.fresh.delete(presented)) {
        this.fresh.add(presented);
        return presented;
      }
    }
    const key = randomBytes(24).toString('base64url');
    this.fresh.add(key);
    if (this.fresh.size > MAX_KEYS) this.fresh.delete(this.fresh.values().next().value as string);
    return key;
  }

  /** Whether `key` has logged in as `user` before. */
  knows(key: string, user: string): boolean {
    return this.known.get(keyHash(key))?.users.has(user) === true;
  }

  /** Whether `key`, presented in this run, has logged someone in (cheap: the throttle asks it while evicting). */
  isKnown(key: string): boolean {
    return this.presented.has(key);
  }

  /** `key` logged in as `user` (a key this engine did not issue is ignored). */
  remember(key: string, user: string): void {
    const hash = keyHash(key);
    const known = this.known.get(hash) ?? (this.fresh.delete(key) ? { users: new Set<string>() } : undefined);
    if (!known) return;
    const added = !known.users.has(user);
    known.users.add(user);
    this.touch(hash, known, key);
    // Saved when a key first logs a user in; the order a later login or hello gives is not worth a disk write.
    if (added) this.changed([...this.known].map(([h, k]) => [h, [...k.users]]));
  }

  /** Moves a known key to the most recent end (its key now known in this run); the least recent goes past the bound. */
  private touch(hash: string, known: Known, key: string): void {
    known.key = key;
    this.presented.add(key);
    this.known.delete(hash);
    this.known.set(hash, known);
    if (this.known.size <= MAX_KEYS) return;
    const [oldest, gone] = this.known.entries().next().value as [string, Known];
    this.known.delete(oldest);
    if (gone.key !== undefined) this.presented.delete(gone.key);
  }
}
