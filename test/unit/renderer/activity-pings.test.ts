import { describe, expect, it } from 'vitest';
import type { ContractClient } from '../../../shared/contract/client';
import { ACTIVITY_PING_MS, startActivityPings } from '../../../renderer/app/activity-pings';

/** An event target of the test's own, and a client that records what it was asked. */
function rig(loggedIn = true) {
  const target = new EventTarget();
  const asked: string[] = [];
  const client = { request: async (name: string) => void asked.push(name) } as unknown as ContractClient;
  let now = 0;
  let signedIn = loggedIn;
  const stop = startActivityPings({ client: () => client, loggedIn: () => signedIn, now: () => now, target });
  return { target, asked, stop, advance: (ms: number) => (now += ms), logout: () => (signedIn = false) };
}

describe('activity pings', () => {
  it('input sends session.activity at most once per period, while logged in; none after stop', () => {
    const r = rig();
    r.target.dispatchEvent(new Event('keydown'));
    r.target.dispatchEvent(new Event('pointerdown'));
    expect(r.asked).toEqual(['session.activity']);
    r.advance(ACTIVITY_PING_MS);
    r.target.dispatchEvent(new Event('wheel'));
    expect(r.asked).toHaveLength(2);
    r.advance(ACTIVITY_PING_MS);
    r.logout();
    r.target.dispatchEvent(new Event('keydown'));
    expect(r.asked).toHaveLength(2); // nothing to keep unlocked
    r.stop();
  });

  it('sends nothing without input (polling reads are no activity) and nothing once stopped', () => {
    const r = rig();
    r.advance(10 * ACTIVITY_PING_MS);
    expect(r.asked).toEqual([]);
    r.stop();
    r.target.dispatchEvent(new Event('keydown'));
    expect(r.asked).toEqual([]);
  });
});
