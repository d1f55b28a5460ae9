/** A setpoint the device's scaled integer register cannot hold exactly is refused with its neighbours, not rounded. */
import { describe, expect, it } from 'vitest';
import { checkValue } from '../../../shared/site/value-check';
import { Tag } from '../../../shared/site/schema';

const windLimit = Tag.parse({ address: 'holding:16', type: 'uint16', scale: 0.1, range: [5, 30], unit: 'm/s', writable: true });

describe('setpoints on a scaled register', () => {
  it('a value on the register step passes (float noise of the division included)', () => {
    expect(checkValue(windLimit, 12.3, { exact: true })).toEqual({ ok: true, value: 12.3 });
    expect(checkValue(windLimit, 18, { exact: true })).toEqual({ ok: true, value: 18 });
  });

  it('a value between two steps is refused with both, instead of written as the nearer one', () => {
    const checked = checkValue(windLimit, 12.34, { exact: true });
    expect(checked).toMatchObject({ ok: false, problem: { code: 'not-on-step', values: { below: 12.3, above: 12.4, step: 0.1 } } });
    expect(checked.ok ? '' : checked.problem.text).toBe('The device holds steps of 0.1 m/s: 12.3 or 12.4');
  });

  it('neighbours in order on a negative scale; a large offset does not turn float noise into a refusal', () => {
    const inverted = Tag.parse({ address: 'holding:1', type: 'int16', scale: -0.1, writable: true });
    expect(checkValue(inverted, 1.25, { exact: true })).toMatchObject({ ok: false, problem: { values: { below: 1.2, above: 1.3 } } });
    const offset = Tag.parse({ address: 'holding:2', type: 'int32', scale: 0.001, offset: 1e6, writable: true });
    const onStep = Array.from({ length: 101 }, (_, i) => 1e6 - 0.05 + i * 0.001);
    expect(onStep.filter((v) => !checkValue(offset, Number(v.toFixed(3)), { exact: true }).ok)).toEqual([]);
    expect(checkValue(offset, 1e6 + 0.0004, { exact: true }).ok).toBe(false);
  });

  it('a jog reference (not exact) is rounded to the step, as a speed may be', () => {
    expect(checkValue(windLimit, 12.34)).toEqual({ ok: true, value: 12.34 });
  });
});
