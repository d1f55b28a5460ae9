/**
 * Login, logout and inactivity lock of client sessions. Not logged in means read-only (the session dispatch checks
 * every request's access class against the principal). Every login, refusal, logout and lock is audited; ending a
 * login ends that session's jogs and control claims.
 */
import { ContractError } from '../../../shared/contract/errors';
import type { Principal } from '../../../shared/contract/requests/control';
import type { AuditRecord, AuditSink, CommandSession } from '../safety/command-context';
import { Authenticator, type UserRecord } from './authenticator';
import { ConsoleKeys } from './console-keys';
import type { KnownKeysFile } from './known-keys-file';

/** A session whose principal can be set. */
export interface AuthSession extends CommandSession {
  /**
   * The key the per-client login throttle counts under: assigned by the engine when the client attached (its
   * carrier), never the console name the client gives itself (renaming must not reset the throttle, nor lock out
   * another console by taking its name).
   */
  readonly clientKey: string;
  /** The console key the engine gave this client (console-keys.ts), once it has one. */
  readonly consoleKey?: string | undefined;
  /** Sets who is logged in; `lockedFrom`: the login the engine just locked for inactivity (its stop still works). */
  setPrincipal(principal: Principal | undefined, lockedFrom?: Principal): void;
  /** Time of the last request (ms). */
  lastActivity(): number;
}

export interface SessionAuthOptions {
  users: readonly UserRecord[];
  lockAfterMs: number;
  audit: AuditSink;
  /** Ends the session's jogs and control claims. */
  /** `principal` is who was logged in: the session itself is already read-only when this runs. */
  onLoginEnded(session: AuthSession, reason: string, principal: Principal): Promise<void>;
  /**
   * Audits a refused login, rate-limited per session (the engine's: a few in full, then a summary, so a client
   * looping on logins cannot flood the log). Default: appended to `audit` as is.
   */
  auditRefusal?(session: AuthSession, record: AuditRecord): Promise<void>;
  now?: () => number;
  /** Where the console keys that logged someone in are kept across restarts (none: kept in memory only). */
  knownKeys?: KnownKeysFile;
  /** How a PIN is checked against its hash (default scrypt; tests that make thousands of attempts pass a fast one). */
  verify?: (secret: string, stored: string) => Promise<boolean>;
}

/** Logs sessions in and out. */
export class SessionAuth {
  private readonly authenticator: Authenticator;
  private readonly now: () => number;
  /** Keys consoles keep across reconnects, and whom each has logged in as. */
  readonly consoleKeys: ConsoleKeys;

  constructor(private readonly options: SessionAuthOptions) {
    this.now = options.now ?? Date.now;
    const file = options.knownKeys;
    this.consoleKeys = new ConsoleKeys(file?.load(), (known) => file?.save(known));
    // A known console's own count is what holds it while the user is locked out: a flood of made-up names must not evict it.
    this.authenticator = new Authenticator(options.users, this.now, options.verify, (client) => client.startsWith('console:') && this.consoleKeys.isKnown(client.slice('console:'.length)));
  }

  get lockAfterMs(): number {
    return this.options.lockAfterMs;
  }

  /** Verifies the PIN; on success the session carries the principal. Wrong PINs are throttled and audited. */
  async login(session: AuthSession, user: string, secret: string): Promise<{ principal: Principal }> {
    // Counted under the connection and, once it has one, the console key too: neither a reconnect nor a second hello
    // sheds a count the other still holds.
    const key = session.consoleKey;
    const clients = key === undefined ? [session.clientKey] : [session.clientKey, `console:${key}`];
    const result = await this.authenticator.login(user, secret, clients, key !== undefined && this.consoleKeys.knows(key, user));
    if (!result.ok) {
      const record: AuditRecord = { kind: 'login-refused', user, console: session.label, outcome: 'refused', code: result.code, reason: result.text };
      await (this.options.auditRefusal ? this.options.auditRefusal(session, record) : this.options.audit.append(record)).catch(() => undefined);
      throw new ContractError('refused', result.text, { code: result.code, ...(result.waitMs !== undefined ? { waitMs: result.waitMs } : {}) });
    }
    const previous = session.principal();
    if (previous) await this.logout(session, 'logout');
    const principal: Principal = { user: result.user, role: result.role, console: session.label, since: this.now(), lockAfterMs: this.options.lockAfterMs };
    try {
      await this.options.audit.append({ kind: 'login', user: principal.user, role: principal.role, console: session.label, outcome: 'ok' });
    } catch {
      // A login that cannot be recorded does not happen: nothing this user did afterwards could be traced.
      throw new ContractError('refused', 'The audit log cannot record this login; the console stays read-only', { code: 'audit-unavailable' });
    }
    session.setPrincipal(principal);
    if (key !== undefined) this.consoleKeys.remember(key, result.user);
    session.emit('session.changed', { principal, reason: 'login' });
    return { principal };
  }

  /** Ends the login (logout, lock, or the client closing). */
  async logout(session: AuthSession, reason: 'logout' | 'locked' | 'closed'): Promise<void> {
    const principal = session.principal();
    if (!principal) {
      // A locked session logged out (or closed): its stop goes with the login it locked.
      if (reason !== 'locked') session.setPrincipal(undefined);
      return;
    }
    // The principal goes first: requests arriving while jogs and claims are being released are already read-only
    // (a locked one can still stop).
    session.setPrincipal(undefined, reason === 'locked' ? principal : undefined);
    await this.options.onLoginEnded(session, reason === 'locked' ? 'Session locked after inactivity' : reason === 'closed' ? 'Client closed' : 'Logged out', principal);
    await this.options.audit
      .append({ kind: reason === 'locked' ? 'session-locked' : 'logout', user: principal.user, role: principal.role, console: session.label, outcome: 'ok', reason })
      .catch(() => undefined);
    if (reason !== 'closed') session.emit('session.changed', { principal: null, reason: reason === 'locked' ? 'locked' : 'logout' });
  }

  /** Resolves once the known console keys are on disk. */
  async close(): Promise<void> {
    await this.options.knownKeys?.flush();
  }

  /** True when a logged-in session has been idle past the lock time (the next request locks it). */
  isIdle(session: AuthSession): boolean {
    return session.principal() !== undefined && this.now() - session.lastActivity() > this.options.lockAfterMs;
  }

  /** Locks the session when it has been idle too long; true when it did. */
  async lockIfIdle(session: AuthSession): Promise<boolean> {
    if (!this.isIdle(session)) return false;
    await this.logout(session, 'locked');
    return true;
  }
}
