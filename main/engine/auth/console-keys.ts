/**
 * Console keys: a random key the engine gives each console (browser tab or window) at `engine.hello`, which the console
 * hands back when it reconnects. The login throttle counts per key, so a console keeps its count across reconnects,
 * and a console that has logged in as a user before stays able to try that user's PIN while the user is locked out by
 * guesses from elsewhere (a token holder guessing from fresh connections could otherwise lock every real user out,
 * and a console where nobody can log in cannot even send the stop). A fresh connection gets a fresh key, and never
 * that exemption: it must know the PIN first. Keys that have logged someone in outlive the engine (known-keys-file.ts);
 * fresh ones live only as long as it.
 * Keys that have logged someone in are kept apart from the rest, so no number of fresh keys can push them out: only
 * a login (which needs a PIN) makes one, and each side keeps at most MAX_KEYS, the least recently used going first.
 */
import { randomBytes } from 'node:crypto';
import type { KnownKeys } from './known-keys-file';

/** Keys remembered on each side (fresh ones; ones that have logged someone in). */
const MAX_KEYS = 1000;

/** Issued keys, and the users each has logged in as. */
export class ConsoleKeys {
  /** Keys that have logged nobody in; insertion order is recency. */
  private readonly fresh = new Set<string>();
  /** Keys → the users they logged in as; insertion order is recency (a hello or a login moves a key to the end). */
  private readonly known = new Map<string, Set<string>>();

  /** `saved`: the known keys of the last run; `changed`: told the known keys whenever a login adds to them. */
  constructor(
    saved: KnownKeys = [],
    private readonly changed: (known: KnownKeys) => void = () => undefined,
  ) {
    for (const [key, users] of saved.slice(-MAX_KEYS)) this.known.set(key, new Set(users));
  }

  /** The key a console presenting `presented` goes on with: its own when this engine issued it, else a fresh one. */
  keyFor(presented: string | undefined): string {
    if (presented !== undefined) {
      const users = this.known.get(presented);
      if (users) {
        this.known.delete(presented);
        this.known.set(presented, users);
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
    return this.known.get(key)?.has(user) === true;
  }

  /** `key` logged in as `user` (a key this engine did not issue is ignored). */
  remember(key: string, user: string): void {
    const users = this.known.get(key) ?? (this.fresh.delete(key) ? new Set<string>() : undefined);
    if (!users) return;
    const added = !users.has(user);
    users.add(user);
    this.known.delete(key);
    this.known.set(key, users);
    if (this.known.size > MAX_KEYS) this.known.delete(this.known.keys().next().value as string);
    // Saved when a key first logs a user in; the order a later login or hello gives is not worth a disk write.
    if (added) this.changed([...this.known].map(([k, u]) => [k, [...u]]));
  }
}
