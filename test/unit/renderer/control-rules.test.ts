/** The panel's own checks: setpoint input against the tag range, and which reason (login, role, link quality, ownership) disables a control. */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/contract/requests/control';
import { commandBlocked, linkNote, motionBlocked, panelBlocked } from '../../../renderer/equipment/control/access';
import { armDeadline, armDeadlineFromLeft, armState } from '../../../renderer/equipment/control/arm-countdown';
import { checkSetpoint, decimalsOf } from '../../../renderer/equipment/control/setpoint-check';

const as = (role: Principal['role']): Principal => ({ user: role, role, console: 'c', since: 0, lockAfterMs: 60_000 });

describe('setpoint input', () => {
  it.each([
    ['12.5', [5, 30], { value: 12.5 }],
    ['12,5', [5, 30], { value: 12.5 }],
    [' 30 ', [5, 30], { value: 30 }],
    ['4.99', [5, 30], { problem: 'range' }],
    ['31', [5, 30], { problem: 'range' }],
    ['', [5, 30], { problem: 'number' }],
    ['1,000', [0, 5000], { problem: 'number' }], // a grouping comma is not guessed at
    ['abc', undefined, { problem: 'number' }],
    ['Infinity', undefined, { problem: 'number' }],
    ['1e3', undefined, { value: 1000 }],
  ] as const)('%j in %j → %j', (text, range, expected) => {
    expect(checkSetpoint(text, range)).toEqual(expected);
  });
});

describe('disabled reasons', () => {
  it('login, then role, then link, for the whole panel', () => {
    expect(panelBlocked(null, 'connected')?.key).toBe('control.reasonLogin');
    expect(panelBlocked(as('viewer'), 'connected')).toEqual({ key: 'control.reasonRole', params: { role: 'viewer' } });
    expect(panelBlocked(as('operator'), 'backoff')?.key).toBe('control.reasonLink');
    expect(panelBlocked(as('operator'), undefined)?.key).toBe('control.reasonLink');
    expect(panelBlocked(as('operator'), 'degraded')).toBeUndefined();
  });

  it('without the engine, or while it says nothing of its links, nothing can be operated, whoever is logged in', () => {
    expect(panelBlocked(as('admin'), 'connected', 'good', '', false)?.key).toBe('control.reasonNoEngine');
    expect(panelBlocked(null, 'connected', undefined, '', false)?.key).toBe('control.reasonNoEngine');
    // Silent: the last quality (lost, unsafe) is no longer known, and must not turn the controls back on.
    expect(panelBlocked(as('operator'), 'connected', undefined, '', true, true)?.key).toBe('control.reasonLinkSilent');
  });

  it('per command: the panel reason first, then ownership, then the site role', () => {
    const panel = { key: 'control.reasonLogin' } as const;
    expect(commandBlocked(panel, true, 'admin', 'operator')).toBe(panel);
    expect(commandBlocked(undefined, false, 'admin', 'operator')?.key).toBe('control.reasonNotHolder');
    expect(commandBlocked(undefined, true, 'operator', 'maintenance')).toEqual({ key: 'control.reasonNeedsRole', params: { role: 'maintenance' } });
    expect(commandBlocked(undefined, true, 'maintenance', 'maintenance')).toBeUndefined();
  });
});

describe('controls follow the link quality', () => {
  const op = as('operator');
  it('a lost link disables the whole panel (take control too) with the reason, even while the connection reads degraded', () => {
    expect(panelBlocked(op, 'degraded', 'lost', 'no answer')).toEqual({ key: 'access.linkLost', params: { reason: 'no answer' } });
    expect(panelBlocked(op, 'connected', 'unsafe')).toBeUndefined(); // take control and non-motion commands stay
    expect(panelBlocked(op, 'backoff', 'lost')?.key).toBe('control.reasonLink'); // a closed connection says so first
    expect(panelBlocked(null, 'connected', 'lost')?.key).toBe('control.reasonLogin');
  });

  it('an unsafe link disables motion controls with the reason; other reasons come first', () => {
    expect(motionBlocked(undefined, 'unsafe', 'round trip 300 ms')).toEqual({ key: 'access.linkUnsafe', params: { reason: 'round trip 300 ms' } });
    const notHolder = { key: 'control.reasonNotHolder' } as const;
    expect(motionBlocked(notHolder, 'unsafe')).toBe(notHolder);
    for (const quality of ['good', 'degraded', undefined] as const) expect(motionBlocked(undefined, quality)).toBeUndefined();
  });

  it('a degraded link leaves controls enabled with a note; no note otherwise', () => {
    expect(linkNote('degraded', 'loss 3 %')).toEqual({ key: 'access.noteDegraded', params: { reason: 'loss 3 %' } });
    for (const quality of ['good', 'unsafe', 'lost', undefined] as const) expect(linkNote(quality)).toBeUndefined();
  });
});

describe('an armed command (Arm → Confirm)', () => {
  const armed = { armId: 'a1', deadline: 10_000, value: 18 };
  it('counts down, and is dropped once it ran out', () => {
    expect(armState(armed, 7_100, undefined)).toEqual({ secondsLeft: 3, drop: false });
    expect(armState(armed, 10_000, undefined)).toEqual({ secondsLeft: 0, drop: true });
    expect(armState(null, 10_000, undefined)).toEqual({ secondsLeft: 0, drop: false });
  });

  it('is dropped as soon as the control is blocked (link, role or control lost): no Confirm the engine would refuse', () => {
    expect(armState(armed, 5_000, { key: 'control.reasonLink' })).toMatchObject({ drop: true });
  });
});

describe("an arm's expiry, from the engine's clock to this window's monotonic one", () => {
  // The engine armed at its 1_000_000 for 10 s; its reply arrives at wall time `wall`, monotonic time 500.
  const expiresAt = 1_010_000;
  it('counts the time the engine gives, whatever the clocks differ by (window ahead, behind, or in step)', () => {
    for (const skew of [3_600_000, -3_600_000, 60_000, 0]) {
      const deadline = armDeadline(expiresAt, 1_000_000 + skew, 500, { offsetMs: skew, uncertaintyMs: 0 });
      expect(deadline - 500).toBe(10_000);
      expect(armState({ armId: 'a', deadline, value: undefined }, 500, undefined)).toEqual({ secondsLeft: 10, drop: false });
    }
  });

  it("ends early by the offset's error bound, never after the engine's arm", () => {
    expect(armDeadline(expiresAt, 1_000_000, 0, { offsetMs: 0, uncertaintyMs: 40 })).toBe(9_960);
  });

  it('takes the clocks to agree before the first clock exchange, and never counts below zero', () => {
    expect(armDeadline(expiresAt, 1_004_000, 0, { offsetMs: undefined, uncertaintyMs: undefined })).toBe(6_000);
    expect(armDeadline(expiresAt, 1_020_000, 7, { offsetMs: 0, uncertaintyMs: 0 })).toBe(7);
  });
});

describe("an arm's time left, as the engine gives it", () => {
  it('counts from receipt, less the whole round trip (the reply may have spent it in transit): no clock involved', () => {
    expect(armDeadlineFromLeft(10_000, 1_000, 1_120)).toBe(1_120 + 9_880);
    expect(armDeadlineFromLeft(10_000, 0, 15_000)).toBe(15_000); // a reply slower than the arm: already over
  });
});

describe('setpoint limits as shown', () => {
  it('keep the decimals they are written with', () => {
    expect([0.5, 2.5, 30, 2.25, -0.125, 1e-7].map(decimalsOf)).toEqual([1, 1, 0, 2, 3, 0]);
  });
});
