/** Checks a user's PIN/password against the site file's users, throttling wrong attempts per user and per client. */
import type { RoleName } from '../../../shared/contract/access';
import { LoginThrottle } from './login-throttle';
import { verifySecret } from './secret-hash';

/** A site user as the authenticator needs it. */
export interface UserRecord {
  name: string;
  role: RoleName;
  secretHash: string;
}

/** The result of one login attempt. */
export type LoginResult = { ok: true; user: string; role: RoleName } | { ok: false; code: 'bad-credentials' | 'throttled'; text: string; waitMs?: number };

/**
 * Verifications at once, engine-wide: each is a scrypt on libuv's pool of four threads, which the audit log's writes
 * and syncs share (40 connections guessing at once made an audited logout take 0.7 s instead of 5 ms).
 */
export const MAX_VERIFYING = 2;
/** Attempts waiting for a verification; past this they are refused at once, unchecked (a flood, not a person). */
export const MAX_WAITING = 16;

// A fixed hash to verify against for unknown users, so timing does not reveal which user names exist.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** Logs users in. */
export class Authenticator {
  private readonly throttle: LoginThrottle;
  /** The last attempt under way per user name and per client: the next one of either waits for it. */
  private readonly inTurn = new Map<string, Promise<void>>();
  private verifying = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly users: readonly UserRecord[],
    now: () => number = Date.now,
    /** How a secret is checked against a stored hash (tests count the checks running at once). */
    private readonly verify: (secret: string, stored: string) => Promise<boolean> = verifySecret,
    /** Client keys whose counts a flood must not evict either: consoles a user's lockout spares (their own count is all that holds them). */
    keepClient: (client: string) => boolean = () => false,
  ) {
    // The site's users' counts are never evicted by a flood of made-up names (login-throttle.ts).
    const siteUsers = new Set(users.map((u) => `user:${u.name}`));
    this.throttle = new LoginThrottle(now, (key) => siteUsers.has(key) || (key.startsWith('client:') && keepClient(key.slice('client:'.length))));
  }

  /**
   * Verifies `secret` for `user`; `client` identifies the console asking (its connection, and its console key once it
   * has one: each throttled too; engine-assigned keys, never a name the client chose); `knownConsole`: it logged in as
   * `user` before (the user's own lock spares it). Attempts for one user name, and attempts from one client, run one after
   * another: checked side by side, every guess in flight passed the throttle before the first failure was counted
   * (32 at once per connection found a 4-digit PIN's right guess among them; 32 user names at once from one client
   * went past the client's throttle the same way).
   */
  login(user: string, secret: string, client: string | readonly string[], knownConsole = false): Promise<LoginResult> {
    const keys = [`user:${user}`, ...(typeof client === 'string' ? [client] : client).map((c) => `client:${c}`)];
    const before = keys.map((key) => this.inTurn.get(key) ?? Promise.resolve());
    const attempt = Promise.all(before).then(() => this.attempt(user, keys, secret, knownConsole));
    const turn = attempt.then(
      () => undefined,
      () => undefined,
    );
    for (const key of keys) this.inTurn.set(key, turn);
    void turn.then(() => {
      for (const key of keys) if (this.inTurn.get(key) === turn) this.inTurn.delete(key);
    });
    return attempt;
  }

  private async attempt(user: string, keys: readonly string[], secret: string, knownConsole: boolean): Promise<LoginResult> {
    // A console that has logged in as this user before is held to its own count only: guesses from elsewhere that
    // locked the user must not lock it out (console-keys.ts). Its failures still count for the user.
    const waitMs = this.throttle.waitMs(knownConsole ? keys.slice(1) : keys);
    if (waitMs > 0) return { ok: false, code: 'throttled', text: `Too many wrong attempts; try again in ${Math.ceil(waitMs / 1000)} s`, waitMs };
    const record = this.users.find((u) => u.name === user);
    if (this.verifying >= MAX_VERIFYING && this.waiting.length >= MAX_WAITING) return { ok: false, code: 'throttled', text: 'Too many login attempts at once; try again in a moment', waitMs: 1000 };
    // A finished check hands its slot straight to the next in line (a newcomer never slips in between).
    if (this.verifying >= MAX_VERIFYING) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.verifying++;
    let matches: boolean;
    try {
      matches = await this.verify(secret, record?.secretHash ?? DUMMY_HASH);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.verifying--;
    }
    if (!record || !matches) {
      this.throttle.fail(keys);
      return { ok: false, code: 'bad-credentials', text: 'Wrong user name or PIN' };
    }
    // No count is cleared: a guesser gains no fresh tries from a real login (the user's), nor from knowing one PIN
    // (the console's). Counts are forgotten after an hour without a failure.
    return { ok: true, user: record.name, role: record.role };
  }
}
