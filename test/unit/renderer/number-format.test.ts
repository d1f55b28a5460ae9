/** Locale number formatting: fixed decimals, no misleading thousands separators, one cached formatter per format. */
import { describe, expect, it } from 'vitest';
import { formatNumberIn, numberFormat } from '../../../renderer/i18n/number-format';

const formatNumber = (value: number, decimals: number, at: 'en' | 'zh-CN', grouping = false) => formatNumberIn(at, value, decimals, grouping);

describe('formatNumber', () => {
  it('shows temperatures and positions without thousands separators in both languages', () => {
    expect(formatNumber(1250, 1, 'en')).toBe('1250.0');
    expect(formatNumber(1250, 1, 'zh-CN')).toBe('1250.0');
    expect(formatNumber(-12345.678, 2, 'en')).toBe('-12345.68');
    expect(formatNumber(400000, 0, 'en')).toBe('400000');
  });

  it('groups only when asked (counts)', () => {
    expect(formatNumber(1234567, 0, 'en', true)).toBe('1,234,567');
    expect(formatNumber(1234567, 0, 'en', false)).toBe('1234567');
  });

  it('rounds to the fixed number of decimals', () => {
    expect(formatNumber(0.125, 0, 'en')).toBe('0');
    expect(formatNumber(2.5, 2, 'en')).toBe('2.50');
    expect(formatNumber(-0.04, 1, 'en')).toBe('0.0'); // no minus on a value that rounds to zero
    expect(formatNumber(-0.06, 1, 'en')).toBe('-0.1');
  });

  it('keeps one formatter per (locale, decimals, grouping)', () => {
    const a = numberFormat('en', 1, false);
    expect(numberFormat('en', 1, false)).toBe(a);
    expect(numberFormat('en', 2, false)).not.toBe(a);
    expect(numberFormat('zh-CN', 1, false)).not.toBe(a);
    expect(numberFormat('en', 1, true)).not.toBe(a);
  });
});
