/**
 * The wrong-PIN throttle stays bounded under a flood of made-up user names and connections: at most MAX_RECORDS
 * records, the least recently failed evicted first, never a site user's (whose lockout is what the throttle is for)
 * nor a known console's own (all that holds it while that user is locked out).
 */
import { expect, it } from 'vitest';
import { Authenticator } from '../../../main/engine/auth/authenticator';
import { FORGET_AFTER_MS, FREE_FAILURES, LoginThrottle, MAX_RECORDS } from '../../../main/engine/auth/login-throttle';
import { SessionAuth, type AuthSession } from '../../../main/engine/auth/session-auth';
import type { ContractError } from '../../../shared/contract/errors';
import type { Principal } from '../../../shared/contract/requests/control';
import { TEST_PINS, TEST_USERS } from '../../support/test-users';

it(`holds at most ${MAX_RECORDS} records through a flood, evicting the least recently failed, never a kept key`, () => {
  const throttle = new LoginThrottle(() => 0, (key) => key === 'user:ana'); // the flood comes within the same millisecond
  for (let i = 0; i <= FREE_FAILURES; i++) throttle.fail(['user:ana', 'client:guesser']);
  expect(throttle.waitMs(['user:ana'])).toBeGreaterThan(0);
  let largest = 0;
  for (let i = 0; i < 3 * MAX_RECORDS; i++) {
    throttle.fail([`user:made-up-${i}`, `client:flood-${i}`]);
    if (i % 1000 === 0) throttle.fail(['client:busy']); // failing again keeps a record at the back
    largest = Math.max(largest, throttle.size);
  }
  expect(largest).toBe(MAX_RECORDS);
  expect(throttle.waitMs(['user:ana'])).toBeGreaterThan(0); // the site user's lockout survived
  expect(throttle.waitMs(['client:busy'])).toBeGreaterThan(0); // recently failing: kept, and locked out
  expect(throttle.waitMs(['client:guesser'])).toBe(0); // failed first, evicted: it starts again
  expect(throttle.waitMs([`client:flood-${3 * MAX_RECORDS - 1}`])).toBe(0); // one failure: no lockout yet
});

it('sweeps records forgotten after the quiet hour once there are many', () => {
  let now = 0;
  const throttle = new LoginThrottle(() => now);
  for (let i = 0; i < 2000; i++) throttle.fail([`client:${i}`]);
  expect(throttle.size).toBe(2000);
  now += FORGET_AFTER_MS;
  throttle.fail(['client:late']);
  expect(throttle.size).toBe(1);
});

it("the authenticator keeps the site's users' counts through a flood of made-up names from fresh connections", async () => {
  const auth = new Authenticator([{ name: 'ana', role: 'operator', secretHash: 'unused' }], () => 0, async () => false);
  for (let i = 0; i <= FREE_FAILURES; i++) await auth.login('ana', '0000', `c${i}`);
  expect(await auth.login('ana', '0000', 'fresh')).toMatchObject({ ok: false, code: 'throttled' });
  for (let i = 0; i < MAX_RECORDS; i++) await auth.login(`nobody-${i}`, '0000', `flood-${i}`);
  expect(await auth.login('ana', '0000', 'fresher')).toMatchObject({ ok: false, code: 'throttled' });
});

it("a flood of made-up names does not evict the count that holds a console a user's lockout spares", async () => {
  let principal: Principal | undefined;
  const desk: AuthSession = { id: 1, label: 'desk', clientKey: 'carrier-desk', principal: () => principal, setPrincipal: (p) => (principal = p), lastActivity: () => 0, emit: () => undefined };
  const auth = new SessionAuth({ users: TEST_USERS, lockAfterMs: 60_000, audit: { append: async () => 1 }, onLoginEnded: async () => undefined, now: () => 0, verify: async (secret) => secret === TEST_PINS.operator });
  Object.assign(desk, { consoleKey: auth.consoleKeys.keyFor(undefined) });
  await auth.login(desk, 'operator', TEST_PINS.operator); // the desk is now known for operator
  await auth.logout(desk, 'logout');
  const wrong = () => auth.login(desk, 'operator', '0000').catch((e: unknown) => (e as ContractError).details?.code);
  for (let i = 0; i <= FREE_FAILURES; i++) expect(await wrong()).toBe('bad-credentials'); // the last one starts a lockout
  expect(await wrong()).toBe('throttled');
  for (let i = 0; i < MAX_RECORDS; i++) {
    const stranger: AuthSession = { id: 2 + i, label: 'x', clientKey: `flood-${i}`, principal: () => undefined, setPrincipal: () => undefined, lastActivity: () => 0, emit: () => undefined };
    await auth.login(stranger, `nobody-${i}`, '0000').catch(() => undefined);
  }
  expect(await wrong()).toBe('throttled'); // its own count held: a guess every 5 min at most, flood or not
});
