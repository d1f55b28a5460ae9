import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../main/engine/connections/backoff';
import { canTransition } from '../../../main/engine/connections/state-machine';
import { ENGINE_VERSION } from '../../../main/engine/version';
import { readFileSync } from 'node:fs';

const policy = { initialMs: 100, maxMs: 2000, factor: 2, jitter: 0.2 };

describe('backoff', () => {
  it('grows exponentially and is capped', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(policy, n, mid))).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
  });

  it('jitters within ±jitter and never exceeds the cap', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(80);
    expect(backoffDelay(policy, 1, () => 1)).toBe(120);
    expect(backoffDelay(policy, 20, () => 1)).toBe(2000);
  });
});

describe('connection state machine', () => {
  it('allows the documented transitions only', () => {
    expect(canTransition('connected', 'degraded')).toBe(true);
    expect(canTransition('degraded', 'connected')).toBe(true);
    expect(canTransition('backoff', 'connecting')).toBe(true);
    expect(canTransition('disconnected', 'connected')).toBe(false);
    expect(canTransition('failed', 'connected')).toBe(false);
  });
});

describe('engine version', () => {
  it('matches package.json', () => {
    expect(ENGINE_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
