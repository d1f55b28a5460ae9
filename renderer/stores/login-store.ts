/**
 * Who is logged in on this window, the login prompt and the "session locked" notice, outside React. The engine is
 * the authority: the principal here only mirrors `session.whoami` and `session.changed`.
 */
import { roleAtLeast, type RoleName } from '../../shared/contract/access';
import type { ContractClient } from '../../shared/contract/client';
import { ContractError } from '../../shared/contract/errors';
import type { Principal } from '../../shared/contract/requests/control';

/** Why the login dialog is open: a role the action needs, and what to do after a successful login. */
export interface LoginPrompt {
  /** The weakest role the pending action needs (undefined: any login). */
  needs?: RoleName;
  /** The message key explaining why (e.g. "login.needAdminTrust"). */
  why?: string;
  onSuccess?: () => void;
}

/** The login slice the header, dialogs and panels read. */
export interface LoginSnapshot {
  principal: Principal | null;
  prompt: LoginPrompt | null;
  /** True after the engine locked the session for inactivity, until the next login or dismissal. */
  locked: boolean;
}

/** A refused login: the engine's code (`bad-credentials`, `throttled` …), its text, and how long to wait. */
export interface LoginError {
  code: string;
  message: string;
  waitMs?: number;
}

/** Observable login state bound to the current engine client. */
export class LoginStore {
  private snapshot: LoginSnapshot = { principal: null, prompt: null, locked: false };
  private readonly listeners = new Set<() => void>();
  private client: ContractClient | undefined;

  getSnapshot = (): LoginSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Binds to a (re)connected client: a new engine link starts logged out, so re-read who is logged in. */
  attach(client: ContractClient | undefined): void {
    this.client = client;
    if (!client) return this.update({ principal: null });
    client.on('session.changed', ({ principal, reason }) => this.update({ principal, locked: reason === 'locked' }));
    client.request('session.whoami', {}).then(
      ({ principal }) => this.update({ principal }),
      () => undefined, // the link closed again; the next attach re-reads
    );
  }

  /** Logs in; resolves with the refusal, or undefined on success (then runs the prompt's follow-up). */
  async login(user: string, secret: string): Promise<LoginError | undefined> {
    if (!this.client) return { code: 'closed', message: 'no engine link' };
    try {
      const { principal } = await this.client.request('session.login', { user, secret });
      const prompt = this.snapshot.prompt;
      if (prompt?.needs && !roleAtLeast(principal.role, prompt.needs)) {
        // Logged in, but not strong enough for what the prompt was for: keep the dialog open and say so.
        this.update({ principal, locked: false });
        return { code: 'role-too-low', message: principal.role };
      }
      const followUp = prompt?.onSuccess;
      this.update({ principal, prompt: null, locked: false });
      followUp?.();
      return undefined;
    } catch (error) {
      if (!(error instanceof ContractError)) return { code: 'internal', message: String(error) };
      const code = typeof error.details?.code === 'string' ? error.details.code : error.code;
      const waitMs = typeof error.details?.waitMs === 'number' ? error.details.waitMs : undefined;
      return waitMs === undefined ? { code, message: error.message } : { code, message: error.message, waitMs };
    }
  }

  /** Logs out (the engine releases this window's control and stops its jogs). */
  async logout(): Promise<void> {
    await this.client?.request('session.logout', {}).catch(() => undefined);
    this.update({ principal: null });
  }

  /** Opens the login dialog. */
  openPrompt(prompt: LoginPrompt = {}): void {
    this.update({ prompt });
  }

  closePrompt(): void {
    this.update({ prompt: null });
  }

  dismissLocked(): void {
    this.update({ locked: false });
  }

  private update(patch: Partial<LoginSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
