/** Table tests of the ISA-18.2 state machine, the limit deadband and the on/off delays. */
import { describe, expect, it } from 'vitest';
import { DelayFilter, limitActive } from '../../../main/engine/alarms/alarm-condition';
import { NORMAL, stateName, step, type AlarmInput, type AlarmStatus } from '../../../main/engine/alarms/alarm-state';

const on: AlarmInput = { type: 'condition', active: true };
const off: AlarmInput = { type: 'condition', active: false };
const ack: AlarmInput = { type: 'ack' };
const shelve: AlarmInput = { type: 'shelve', until: 1000, reason: 'sensor fault', by: 'op' };
const unshelve: AlarmInput = { type: 'unshelve' };
const expire: AlarmInput = { type: 'tick', now: 1000 };
const early: AlarmInput = { type: 'tick', now: 999 };

/** Runs inputs from normal; the state names after each, or the refusal code. */
function run(...inputs: AlarmInput[]): string[] {
  let s: AlarmStatus = NORMAL;
  return inputs.map((input) => {
    const r = step(s, input);
    if (!r.ok) return `refused:${r.code}`;
    s = r.status;
    return stateName(s);
  });
}

describe('ISA-18.2 alarm states', () => {
  it.each([
    ['raise, ack, clear', [on, ack, off], ['unack-active', 'ack-active', 'normal']],
    ['raise, clear, ack (returned unacked)', [on, off, ack], ['unack-active', 'unack-returned', 'normal']],
    ['returned unacked rises again', [on, off, on], ['unack-active', 'unack-returned', 'unack-active']],
    ['ack in normal is refused', [ack], ['refused:already-acknowledged']],
    ['double ack is refused', [on, ack, ack], ['unack-active', 'ack-active', 'refused:already-acknowledged']],
    ['shelve hides; expiry re-annunciates an active alarm', [on, shelve, early, expire], ['unack-active', 'shelved', 'shelved', 'unack-active']],
    ['shelved alarm that clears comes back normal', [on, shelve, off, expire], ['unack-active', 'shelved', 'shelved', 'normal']],
    ['shelved alarm that rises comes back unacked', [shelve, on, unshelve], ['shelved', 'shelved', 'unack-active']],
    ['ack while shelved is refused', [on, shelve, ack], ['unack-active', 'shelved', 'refused:not-annunciated']],
    ['unshelve of an unshelved alarm is refused', [unshelve], ['refused:not-shelved']],
    ['suppressed by design hides, then shows the truth', [{ type: 'suppress', on: true }, on, { type: 'suppress', on: false }], ['suppressed', 'suppressed', 'unack-active']],
    ['out of service ends a shelve and refuses a new one', [shelve, { type: 'service', out: true }, shelve, { type: 'service', out: false }], ['shelved', 'out-of-service', 'refused:out-of-service', 'normal']],
  ] as const)('%s', (_name, inputs, expected) => {
    expect(run(...inputs)).toEqual(expected);
  });
});

describe('limits and delays', () => {
  it.each([
    [{ above: 18, deadband: 1 }, 18.5, false, true],
    [{ above: 18, deadband: 1 }, 17.5, true, true],
    [{ above: 18, deadband: 1 }, 16.9, true, false],
    [{ above: 18, deadband: 1 }, 17.5, false, false],
    [{ below: 1520, deadband: 5 }, 1522, true, true],
    [{ below: 1520, deadband: 5 }, 1526, true, false],
    [{ equals: true, deadband: 0 }, 1, false, true],
    [{ equals: true, deadband: 0 }, 0, true, false],
  ])('%j at %d (was active %s) → %s', (spec, value, was, expected) => {
    expect(limitActive(spec, value, was)).toBe(expected);
  });

  it('holds a change until its delay has passed', () => {
    const f = new DelayFilter(500, 200);
    expect(f.update(true, 0)).toBe(false);
    expect(f.settle(499)).toBe(false);
    expect(f.settle(500)).toBe(true);
    expect(f.update(false, 600)).toBe(true);
    expect(f.update(true, 700)).toBe(true); // came back within the off delay: never returned
    expect(f.update(false, 800)).toBe(true);
    expect(f.settle(1000)).toBe(false);
    expect(f.pending).toBe(false);
  });
});
