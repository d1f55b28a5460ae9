/** Locale number formatting without DOM access (shared by the UI and unit tests). */
import type { Locale } from './messages';

const formats = new Map<string, Intl.NumberFormat>();

/** One cached formatter per (locale, decimals, grouping): building an Intl.NumberFormat costs far more than using one. */
export function numberFormat(at: Locale, decimals: number, grouping: boolean): Intl.NumberFormat {
  const key = `${at}|${decimals}|${grouping ? 1 : 0}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(at, { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: grouping });
    formats.set(key, format);
  }
  return format;
}

/**
 * Formats a number for the locale with a fixed number of decimals. No thousands separators by default: on positions,
 * temperatures and depths "1,250.0" misleads (a decimal comma in many places); pass `grouping` for counts.
 * A value that rounds to zero shows without a minus sign.
 */
export function formatNumberIn(at: Locale, value: number, decimals = 2, grouping = false): string {
  // A speed of −0.001 shown as "−0.00" looks like motion: anything that rounds to zero is plain zero.
  const shown = Math.abs(value) < 0.5 * 10 ** -decimals ? 0 : value;
  return numberFormat(at, decimals, grouping).format(shown);
}
