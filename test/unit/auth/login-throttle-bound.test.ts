/**
 * The wrong-PIN throttle stays bounded under a flood of made-up user names and connections: at most MAX_RECORDS
 * records, the least recently failed evicted first, never a site user's (whose lockout is what the throttle is for).
 */
import { expect, it } from 'vitest';
import { Authenticator } from '../../../main/engine/auth/authenticator';
import { FORGET_AFTER_MS, FREE_FAILURES, LoginThrottle, MAX_RECORDS } from '../../../main/engine/auth/login-throttle';

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
