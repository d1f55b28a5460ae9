/** Login, logout and the inactivity lock: principal set and cleared, events sent, every step audited, claims ended. */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/contract/requests/control';
import { SessionAuth, type AuthSession } from '../../../main/engine/auth/session-auth';
import type { AuditRecord } from '../../../main/engine/safety/command-context';
import { ContractError } from '../../../shared/contract/errors';
import { TEST_USERS } from '../../support/test-users';

function rig(lockAfterMs = 60_000) {
  let now = 1_000_000;
  const records: AuditRecord[] = [];
  const ended: string[] = [];
  const events: { name: string; body: unknown }[] = [];
  let principal: Principal | undefined;
  let last = now;
  const session: AuthSession = {
    id: 1,
    label: 'desk-1',
    clientKey: 'carrier-1',
    principal: () => principal,
    setPrincipal: (p) => (principal = p),
    lastActivity: () => last,
    emit: (name, body) => void events.push({ name, body }),
  };
  const auth = new SessionAuth({
    users: TEST_USERS,
    lockAfterMs,
    audit: { append: async (r) => (records.push(r), records.length) },
    onLoginEnded: async (_s, reason) => void ended.push(reason),
    now: () => now,
  });
  return { auth, session, records, ended, events, advance: (ms: number) => (now += ms), touch: () => (last = now) };
}

describe('session auth', () => {
  it('logs in with the right PIN, audits it and tells the client', async () => {
    const r = rig();
    const { principal } = await r.auth.login(r.session, 'operator', '2222');
    expect(principal).toMatchObject({ user: 'operator', role: 'operator', console: 'desk-1', lockAfterMs: 60_000 });
    expect(r.session.principal()).toEqual(principal);
    expect(r.records.map((x) => `${x.kind}:${x.user}:${x.outcome}`)).toEqual(['login:operator:ok']);
    expect(r.events).toEqual([{ name: 'session.changed', body: { principal, reason: 'login' } }]);
  });

  it('refuses a wrong PIN with a stable code, audited, and leaves the session read-only', async () => {
    const r = rig();
    const error = await r.auth.login(r.session, 'operator', '9999').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).details?.code).toBe('bad-credentials');
    expect(r.session.principal()).toBeUndefined();
    expect(r.records.map((x) => `${x.kind}:${x.user}:${x.code}`)).toEqual(['login-refused:operator:bad-credentials']);
  });

  it('locks an idle session after the configured time: claims ended first, then audited and announced', async () => {
    const r = rig(60_000);
    await r.auth.login(r.session, 'admin', '4444');
    r.touch();
    r.advance(59_000);
    expect(await r.auth.lockIfIdle(r.session)).toBe(false);
    r.advance(2_000);
    expect(await r.auth.lockIfIdle(r.session)).toBe(true);
    expect(r.session.principal()).toBeUndefined();
    expect(r.ended).toEqual(['Session locked after inactivity']);
    expect(r.records.at(-1)).toMatchObject({ kind: 'session-locked', user: 'admin' });
    expect(r.events.at(-1)).toEqual({ name: 'session.changed', body: { principal: null, reason: 'locked' } });
  });

  it('logs out: claims ended, audited; a second logout does nothing', async () => {
    const r = rig();
    await r.auth.login(r.session, 'maintenance', '3333');
    await r.auth.logout(r.session, 'logout');
    await r.auth.logout(r.session, 'logout');
    expect(r.ended).toEqual(['Logged out']);
    expect(r.records.map((x) => x.kind)).toEqual(['login', 'logout']);
  });
});

describe('the per-client login throttle', () => {
  /** A session the engine knows as `clientKey`, whose console name (`label`) its client may change at will. */
  function namedSession(clientKey: string, name: { label: string }): AuthSession {
    let principal: Principal | undefined;
    return {
      id: 1,
      get label() {
        return name.label;
      },
      clientKey,
      principal: () => principal,
      setPrincipal: (p) => (principal = p),
      lastActivity: () => 0,
      emit: () => undefined,
    };
  }

  it('counts under the key the engine gave the client: taking another console\'s name locks nobody out, and renaming resets nothing', async () => {
    const auth = new SessionAuth({ users: TEST_USERS, lockAfterMs: 60_000, audit: { append: async () => 1 }, onLoginEnded: async () => undefined, now: () => 1_000_000 });
    const name = { label: 'Desk A' }; // the guesser names itself after a real console
    const guesser = namedSession('ws:127.0.0.2', name);
    // Four wrong PINs spread over users (no user reaches a lockout of its own): the client is locked out.
    for (const user of ['viewer', 'operator', 'maintenance', 'admin'] as const) {
      const error = (await auth.login(guesser, user, '0000').catch((e: unknown) => e)) as ContractError;
      expect(error.details?.code).toBe('bad-credentials');
    }
    expect(((await auth.login(guesser, 'viewer', '1111').catch((e: unknown) => e)) as ContractError).details?.code).toBe('throttled');
    // The real Desk A is another client: not locked out by the name.
    const deskA = namedSession('electron:desk-a-host', { label: 'Desk A' });
    expect((await auth.login(deskA, 'operator', '2222')).principal).toMatchObject({ user: 'operator', console: 'Desk A' });
    // A new console name is no new client: still locked out, even with a right PIN.
    name.label = 'Fresh name';
    expect(((await auth.login(guesser, 'viewer', '1111').catch((e: unknown) => e)) as ContractError).details?.code).toBe('throttled');
  });
});

describe('session auth without an audit log', () => {
  it('refuses a login it cannot record', async () => {
    let principal: Principal | undefined;
    const session: AuthSession = { id: 1, label: 'x', clientKey: 'x', principal: () => principal, setPrincipal: (p) => (principal = p), lastActivity: () => 0, emit: () => undefined };
    const auth = new SessionAuth({ users: TEST_USERS, lockAfterMs: 1000, audit: { append: () => Promise.reject(new Error('disk full')) }, onLoginEnded: async () => undefined });
    const error = (await auth.login(session, 'operator', '2222').catch((e: unknown) => e)) as ContractError;
    expect(error.details?.code).toBe('audit-unavailable');
    expect(session.principal()).toBeUndefined();
  });
});
