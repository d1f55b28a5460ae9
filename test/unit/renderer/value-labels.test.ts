/** Numbers as labels: gauge ticks keep the decimals their step needs; trend values never read "-0". */
import { describe, expect, it } from 'vitest';
import { tickDecimals } from '../../../renderer/equipment/panels/values/ticks';
import { formatValue } from '../../../renderer/trends/trend-format';

describe('gauge ticks', () => {
  it('show every tick of a narrow range distinctly (0 to 4 in halves: 0.5, not 1, 1, 2, 2)', () => {
    expect([0.5, 0.25, 0.2, 0.1, 1, 5, 50].map(tickDecimals)).toEqual([1, 2, 1, 1, 0, 0, 0]);
  });
});

describe('trend values', () => {
  it('anything that rounds to zero is plain zero, in both languages', () => {
    expect(formatValue(-0.0004, 'en')).toBe('0');
    expect(formatValue(-0, 'zh-CN')).toBe('0');
    expect(formatValue(-0.002, 'en')).toBe('-0.002');
  });
});
