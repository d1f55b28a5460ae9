/**
 * Console keys: a random key the engine gives each console (browser tab or window) at `engine.hello`, which the console
 * hands back when it reconnects. The login throttle counts per key, so a console keeps its count across reconnects,
 * and a console that has logged in as a user before stays able to try that user's PIN while the user is locked out by
 * guesses from elsewhere (a token holder guessing from fresh connections could otherwise lock every real user out,
 * and a console where nobody can log in cannot even send the stop). A fresh connection gets a fresh key, and never
 * that exemption: it must know the PIN first. Keys live only as long as this engine, at most MAX_KEYS of them.
 */
import { randomBytes } from 'node:crypto';

/** Keys remembered; the least recently used go first past this. */
const MAX_KEYS = 1000;

/** Issued keys, and the users each has logged in as. */
export class ConsoleKeys {
  /** Key → users logged in from it; insertion order is recency (a used key moves to the end). */
  private readonly keys = new Map<string, Set<string>>();

  /** The key a console presenting `presented` goes on with: its own when this engine issued it, else a fresh one. */
  keyFor(presented: string | undefined): string {
    const users = presented === undefined ? undefined : this.keys.get(presented);
    if (presented !== undefined && users) {
      this.keys.delete(presented);
      this.keys.set(presented, users);
      return presented;
    }
    const key = randomBytes(24).toString('base64url');
    this.keys.set(key, new Set());
    if (this.keys.size > MAX_KEYS) this.keys.delete(this.keys.keys().next().value as string);
    return key;
  }

  /** Whether `key` has logged in as `user` before. */
  knows(key: string, user: string): boolean {
    return this.keys.get(key)?.has(user) === true;
  }

  /** `key` logged in as `user`. */
  remember(key: string, user: string): void {
    this.keys.get(key)?.add(user);
  }
}
