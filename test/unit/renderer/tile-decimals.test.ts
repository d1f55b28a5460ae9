/** Overview tiles show a scaled integer with its scale's decimals, as the equipment panel does (23.4, not 23). */
import { describe, expect, it } from 'vitest';
import { decimalsForTag } from '../../../renderer/overview/tile-decimals';

describe('tile decimals', () => {
  it('shows every step of an integer tag scale, and whole numbers for an unscaled integer', () => {
    expect(decimalsForTag({ type: 'int16', scale: 0.1 })).toBe(1);
    expect(decimalsForTag({ type: 'uint16', scale: 0.25 })).toBe(2);
    expect(decimalsForTag({ type: 'int32' })).toBe(0);
  });

  it('keeps the range rule for floats', () => {
    expect(decimalsForTag({ type: 'float32', range: [0, 1600] })).toBe(0);
    expect(decimalsForTag({ type: 'float64', range: [0, 50] })).toBe(1);
    expect(decimalsForTag({ type: 'float64' })).toBe(2);
  });
});
