import { describe, expect, it } from 'vitest';
import { Authenticator, MAX_VERIFYING, MAX_WAITING } from '../../../main/engine/auth/authenticator';
import { hashSecret } from '../../../main/engine/auth/secret-hash';

describe('login throttle', () => {
  it('guesses sent side by side are checked one after another: the throttle holds, the right PIN among them is not let in', async () => {
    const auth = new Authenticator([{ name: 'operator', role: 'operator', secretHash: await hashSecret('2222') }]);
    const guesses = Array.from({ length: 32 }, (_, i) => String(2200 + i)); // 2222 is the 23rd
    const results = await Promise.all(guesses.map((pin) => auth.login('operator', pin, 'console-a')));
    expect(results.filter((r) => r.ok)).toEqual([]);
    expect(results.filter((r) => !r.ok && r.code === 'throttled').length).toBeGreaterThanOrEqual(20);
  });

  it('guesses for different user names sent side by side from one client are checked one after another: the client throttle holds', async () => {
    const auth = new Authenticator([{ name: 'user23', role: 'operator', secretHash: await hashSecret('2323') }], () => 1_000); // a clock that stands still
    // One guess per user name (no user reaches a lockout of its own); user23's guess is right.
    const names = Array.from({ length: 32 }, (_, i) => `user${i}`);
    const results = await Promise.all(names.map((name) => auth.login(name, name === 'user23' ? '2323' : '0000', 'ws:127.0.0.1')));
    expect(results.filter((r) => r.ok)).toEqual([]);
    // As sent one after another: three free failures, the fourth locks the client, the rest are throttled unchecked.
    expect(results.filter((r) => !r.ok && r.code === 'bad-credentials')).toHaveLength(4);
    expect(results.filter((r) => !r.ok && r.code === 'throttled')).toHaveLength(28);
  });

  it('one user\'s turn does not hold up another\'s, and the right PIN alone still logs in', async () => {
    const auth = new Authenticator([
      { name: 'operator', role: 'operator', secretHash: await hashSecret('2222') },
      { name: 'admin', role: 'admin', secretHash: await hashSecret('9999') },
    ]);
    const [op, admin] = await Promise.all([auth.login('operator', '2222', 'a'), auth.login('admin', '9999', 'b')]);
    expect(op).toMatchObject({ ok: true, role: 'operator' });
    expect(admin).toMatchObject({ ok: true, role: 'admin' });
  });
});

describe('a login flood', () => {
  it(`checks at most ${MAX_VERIFYING} PINs at once engine-wide (scrypt shares the thread pool with the audit log), and refuses unchecked what would wait past ${MAX_WAITING}`, async () => {
    let running = 0;
    let most = 0;
    let checked = 0;
    const verify = async () => {
      running++;
      checked++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return false;
    };
    const auth = new Authenticator([], Date.now, verify);
    // Forty guessers, each its own user name and connection: no throttle key is shared.
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => auth.login(`name${i}`, '0000', `ws:${i}`)));
    expect(most).toBe(MAX_VERIFYING);
    expect(checked).toBe(MAX_VERIFYING + MAX_WAITING);
    expect(results.filter((r) => !r.ok && r.code === 'bad-credentials')).toHaveLength(MAX_VERIFYING + MAX_WAITING);
    expect(results.filter((r) => !r.ok && r.code === 'throttled')).toHaveLength(40 - MAX_VERIFYING - MAX_WAITING);
    // Once it has drained, a login is checked again at once.
    expect(await auth.login('name0', '0000', 'ws:new')).toMatchObject({ code: 'bad-credentials' });
  });
});

describe('a user locked out by guesses from elsewhere', () => {
  it('stays reachable from a console that logged in as that user before, and only from there; a real login clears no count', async () => {
    const auth = new Authenticator([{ name: 'operator', role: 'operator', secretHash: await hashSecret('2222') }], () => 1_000); // a clock that stands still
    // A token holder guessing from a fresh connection each time: the user's own count locks it.
    for (let i = 0; i < 6; i++) await auth.login('operator', `000${i}`, [`ws:${i}`]);
    const fresh = await auth.login('operator', '2222', ['ws:new', 'console:new']);
    expect(fresh).toMatchObject({ ok: false, code: 'throttled' });
    // The operator's own console, which logged in as operator before: the user's lock spares it.
    expect(await auth.login('operator', '2222', ['ws:desk', 'console:desk'], true)).toMatchObject({ ok: true, user: 'operator' });
    // That real login gave the guesser nothing back.
    expect(await auth.login('operator', '2222', ['ws:new2'])).toMatchObject({ ok: false, code: 'throttled' });
    // The known console is still held to its own count: three typos, then it waits too.
    for (let i = 0; i < 4; i++) await auth.login('operator', '9999', ['ws:desk', 'console:desk'], true);
    expect(await auth.login('operator', '2222', ['ws:desk', 'console:desk'], true)).toMatchObject({ ok: false, code: 'throttled' });
  });

  it('counts under every key a client has: a second hello (a new console key) does not shed the connection\'s count', async () => {
    const auth = new Authenticator([], () => 1_000);
    for (const user of ['ann', 'bob', 'cyd', 'dee']) await auth.login(user, '0000', ['ws:1']);
    expect(await auth.login('eve', '0000', ['ws:1', 'console:fresh'])).toMatchObject({ ok: false, code: 'throttled' });
  });
});
