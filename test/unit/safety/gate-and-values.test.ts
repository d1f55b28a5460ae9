/** The gate's order and each stage's reason; the one value check; the latency-adaptive curve; arming; throttling. */
import { describe, expect, it } from 'vitest';
import { Tag } from '../../../shared/site/schema';
import { gate, type GateFacts } from '../../../main/engine/safety/gate';
import { checkCommandValue, checkValue } from '../../../shared/site/value-check';
import { curveFraction } from '../../../main/engine/safety/jog-limit';
import { ArmedCommands, ARM_TTL_MS } from '../../../main/engine/safety/arming';
import { LoginThrottle, FREE_FAILURES, FORGET_AFTER_MS } from '../../../main/engine/auth/login-throttle';
import { RateLimiter } from '../../../main/engine/safety/rate-limit';
import { sameValue } from '../../../main/engine/safety/read-back';
import { toOutcome } from '../../../main/engine/safety/command-path';

const ok: GateFacts = {
  role: 'operator',
  minRole: 'operator',
  isStop: false,
  motion: true,
  needsOwnership: true,
  ownsControl: true,
  remote: true,
  link: 'good',
  interlocks: [{ id: 'i1', reason: 'Wind', verdict: () => ({ state: 'allow' }) }],
  rateExceeded: false,
};
const stageOf = (facts: Partial<GateFacts>) => {
  const r = gate({ ...ok, ...facts });
  return r ? `${r.stage}/${r.code}` : 'pass';
};

describe('gate', () => {
  it('passes a command that meets every check', () => expect(stageOf({})).toBe('pass'));

  it.each([
    [{ role: undefined }, 'role/not-logged-in'],
    [{ role: 'viewer' as const }, 'role/role-too-low'],
    [{ ownsControl: false }, 'ownership/not-owner'],
    [{ ownsControl: false, holder: 'ana on desk-2' }, 'ownership/owned-by-other'],
    [{ remote: false }, 'mode/not-remote'],
    [{ remote: 'unknown' as const }, 'mode/mode-unknown'],
    [{ link: 'lost' as const }, 'link/link-lost'],
    [{ link: 'unsafe' as const }, 'link/link-unsafe'],
    [{ interlocks: [{ id: 'wind', reason: 'Wind', verdict: () => ({ state: 'block' as const, values: { windHigh: 1 } }) }] }, 'interlock/interlock:wind'],
    [{ interlocks: [{ id: 'wind', reason: 'Wind', verdict: () => ({ state: 'unknown' as const, inputs: ['windHigh'] }) }] }, 'interlock/interlock-unknown:wind'],
    [{ targetProblem: { code: 'read-only', text: 'x' } }, 'target/read-only'],
    [{ valueProblem: { code: 'out-of-range', text: 'x' } }, 'value/out-of-range'],
    [{ rateExceeded: true }, 'rate/rate-limited'],
  ])('refuses %o at %s', (facts, expected) => expect(stageOf(facts)).toBe(expected));

  it('reports the first stage that applies, in the documented order', () => {
    expect(stageOf({ role: 'viewer', ownsControl: false, link: 'lost', rateExceeded: true })).toBe('role/role-too-low');
    expect(stageOf({ ownsControl: false, remote: false, link: 'lost' })).toBe('ownership/not-owner');
    expect(stageOf({ remote: false, link: 'lost' })).toBe('mode/not-remote');
  });

  it('lets an unsafe link stop motion but not other commands; the stop needs only a login', () => {
    expect(stageOf({ motion: false, link: 'unsafe' })).toBe('pass');
    expect(stageOf({ isStop: true, role: 'viewer', ownsControl: false, remote: false, link: 'lost' })).toBe('pass');
    expect(stageOf({ isStop: true, role: undefined })).toBe('role/not-logged-in');
  });
});

describe('value check', () => {
  const tag = (t: Record<string, unknown>) => Tag.parse({ address: 'holding:0', ...t });
  it.each([
    [{ type: 'float32', range: [0, 10] }, 5, true],
    [{ type: 'float32', range: [0, 10] }, 11, 'out-of-range'],
    [{ type: 'float32' }, 'NaN', 'not-a-number'],
    [{ type: 'float32' }, '1e999', 'not-finite'],
    [{ type: 'float32' }, 1e39, 'out-of-type-range'],
    [{ type: 'float32' }, 1e-46, 'out-of-type-range'], // would be written as 0
    [{ type: 'float32' }, 1e-44, true], // a float32 denormal: written as it is
    [{ type: 'float64' }, 1e-46, true],
    [{ type: 'uint16' }, 1.5, 'not-integer'],
    [{ type: 'uint16' }, 70000, 'out-of-type-range'],
    [{ type: 'int16', scale: 0.1 }, 3276.7, true],
    [{ type: 'int16', scale: 0.1 }, 3276.8, 'out-of-type-range'],
    [{ type: 'bool' }, 'yes', 'wrong-type'],
    [{ type: 'bool' }, 1, true],
    [{ type: 'int64' }, '-9223372036854775808', true],
    [{ type: 'int64' }, '-9223372036854775809', 'out-of-type-range'],
    [{ type: 'uint64' }, '18446744073709551615', true],
    [{ type: 'uint64' }, 2 ** 60, 'wrong-type'], // not an exact JS integer: send decimal text
    [{ type: 'string', length: 4 }, 'abcde', 'too-long'],
    // Text is read as decimal only: Number() alone took "0x10" as 16 (raw 160 at scale 0.1) and "" as 0.
    [{ type: 'int16', scale: 0.1 }, '0x10', 'wrong-type'],
    [{ type: 'int16', scale: 0.1 }, ' 0b11 ', 'wrong-type'],
    [{ type: 'uint16' }, '0o17', 'wrong-type'],
    [{ type: 'uint16' }, '', 'wrong-type'],
    [{ type: 'uint16' }, '1_000', 'wrong-type'],
    [{ type: 'float32' }, ' -1.5e2 ', true],
    [{ type: 'float32' }, '.5', true],
    [{ type: 'float32' }, '-Infinity', 'not-finite'],
  ])('%o with %o → %s', (t, value, expected) => {
    const result = checkValue(tag(t), value as never);
    expect(result.ok ? true : result.problem.code).toBe(expected);
  });

  it('compares read-backs within the type precision, exactly for integers', () => {
    expect(sameValue(0.1, Math.fround(0.1), { type: 'float32', scale: 1 })).toBe(true);
    expect(sameValue(0.1, 0.2, { type: 'float32', scale: 1 })).toBe(false);
    expect(sameValue(20, 20.04, { type: 'uint16', scale: 0.1 })).toBe(true);
    expect(sameValue(20, 21, { type: 'uint16', scale: 1 })).toBe(false);
  });
});

describe('latency-adaptive jog curve', () => {
  const curve: [number, number][] = [
    [20, 1],
    [80, 0.6],
    [150, 0.25],
  ];
  it.each([
    [5, 1],
    [20, 1],
    [50, 0.8],
    [80, 0.6],
    [115, 0.425],
    [150, 0.25],
    [400, 0.25],
  ])('at %i ms allows %f of full speed', (rtt, fraction) => expect(curveFraction(curve, rtt)).toBeCloseTo(fraction, 6));
});

describe('arming, throttling, rate', () => {
  it('arms once, for one session, command and value, until it expires', () => {
    let now = 0;
    const armed = new ArmedCommands(() => now);
    const a = armed.arm(1, 'eq', 'reset', undefined);
    expect(armed.consume(a.armId, 2, 'eq', 'reset', undefined)).toBe('unknown');
    const b = armed.arm(1, 'eq', 'set', 5);
    expect(armed.consume(b.armId, 1, 'eq', 'set', 6)).toBe('mismatch');
    const c = armed.arm(1, 'eq', 'reset', undefined);
    now += ARM_TTL_MS + 1;
    expect(armed.consume(c.armId, 1, 'eq', 'reset', undefined)).toBe('expired');
    const d = armed.arm(1, 'eq', 'reset', undefined);
    expect(armed.consume(d.armId, 1, 'eq', 'reset', undefined)).toBe('ok');
    expect(armed.consume(d.armId, 1, 'eq', 'reset', undefined)).toBe('unknown');
  });

  it('locks a user out after the free failures, longer each time', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    const keys = ['user:ana', 'client:c1'];
    for (let i = 0; i < FREE_FAILURES; i++) throttle.fail(keys);
    expect(throttle.waitMs(keys)).toBe(0);
    throttle.fail(keys);
    expect(throttle.waitMs(keys)).toBe(1000);
    now += 1000;
    throttle.fail(keys);
    expect(throttle.waitMs(keys)).toBe(2000);
    expect(throttle.waitMs(['user:ana'])).toBe(2000);
    expect(throttle.waitMs(['client:c1'])).toBe(2000);
  });

  it('forgets failures after a quiet hour: a typo a day never adds up to a lockout, guessing on still does', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    const keys = ['user:ana', 'client:desk'];
    for (let day = 0; day < 14; day++) {
      throttle.fail(keys); // a typo, then the right PIN
      now += 24 * 3600_000;
    }
    throttle.fail(keys);
    expect(throttle.waitMs(keys)).toBe(0);
    // Failures closer together than the quiet hour keep counting, and the lockouts keep growing.
    for (let i = 0; i < 12; i++) {
      now += Math.max(throttle.waitMs(['client:desk']), FORGET_AFTER_MS / 2);
      throttle.fail(['client:desk']);
    }
    expect(throttle.waitMs(['client:desk'])).toBe(5 * 60_000);
    // An hour after the last failure (its lockout long over), the client starts again with its free failures.
    now += FORGET_AFTER_MS;
    for (let i = 0; i < FREE_FAILURES; i++) throttle.fail(['client:desk']);
    expect(throttle.waitMs(['client:desk'])).toBe(0);
  });

  it('allows a burst, then the steady rate', () => {
    let now = 0;
    const rate = new RateLimiter(10, 3, () => now);
    expect([rate.take('k'), rate.take('k'), rate.take('k'), rate.take('k')]).toEqual([true, true, true, false]);
    now += 100;
    expect(rate.take('k')).toBe(true);
  });
});

describe("a command's value", () => {
  const method = (argument?: { type: 'int16' | 'float64' | 'bool'; range?: [number, number] }) => ({ kind: 'method' as const, ...(argument ? { argument } : {}) });
  it("a method's argument is checked by its declared type and range, as a setpoint's by its tag", () => {
    expect(checkCommandValue(method({ type: 'float64', range: [0, 200] }), undefined, 80)).toEqual({ ok: true, value: 80 });
    expect(checkCommandValue(method({ type: 'float64', range: [0, 200] }), undefined, 250)).toMatchObject({ ok: false, problem: { code: 'out-of-range' } });
    expect(checkCommandValue(method({ type: 'int16' }), undefined, 1.5)).toMatchObject({ ok: false, problem: { code: 'not-integer' } });
    expect(checkCommandValue(method({ type: 'int16' }), undefined, 40000)).toMatchObject({ ok: false, problem: { code: 'out-of-type-range' } });
    expect(checkCommandValue(method({ type: 'bool' }), undefined, 1)).toEqual({ ok: true, value: true });
    // No value at all is said as such, not as "NaN is never written".
    expect(checkCommandValue(method({ type: 'float64' }), undefined, undefined)).toEqual({ ok: false, problem: { code: 'no-value', text: 'This command needs a value' } });
    expect(checkCommandValue({ kind: 'setpoint' }, Tag.parse({ address: 'holding:1', type: 'uint16' }), undefined)).toEqual({ ok: false, problem: { code: 'no-value', text: 'This command needs a value' } });
  });
  it('a method that declares no argument takes no value; a pulse has nothing to check', () => {
    expect(checkCommandValue(method(), undefined, undefined)).toBeUndefined();
    expect(checkCommandValue(method(), undefined, 5)).toEqual({ ok: false, problem: { code: 'no-argument', text: 'This command takes no value' } });
    expect(checkCommandValue({ kind: 'pulse' }, Tag.parse({ address: 'holding:1', type: 'uint16' }), 5)).toBeUndefined();
  });
});

describe('a device result as an outcome', () => {
  it('a write refused unsent because its link was reconnected says so, not that the link is lost', () => {
    expect(toOutcome({ ok: false, kind: 'not-connected', code: 'modbus-link-reset', text: 'reconnected', transient: true }, 0)).toMatchObject({ status: 'refused', stage: 'link', code: 'link-reset' });
    expect(toOutcome({ ok: false, kind: 'not-connected', code: 'modbus-link-lost', text: 'closed' }, 0)).toMatchObject({ status: 'refused', stage: 'link', code: 'link-lost' });
  });
});
