/** Number and time texts of the link views: one cached Intl formatter per locale and format, no thousands separators. */
import type { Locale } from '../i18n/messages';

const numbers = new Map<string, Intl.NumberFormat>();
const times = new Map<string, Intl.DateTimeFormat>();

/** `value` with `decimals` decimals in `locale` (no grouping: "1250 ms", not "1,250 ms"); "—" when unknown. */
export function formatFigure(value: number | undefined | null, decimals: number, locale: Locale): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '—';
  const key = `${locale}/${decimals}`;
  let format = numbers.get(key);
  if (!format) numbers.set(key, (format = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: false })));
  return format.format(value);
}

/** Decimals that keep a latency legible: one below 10 ms, none above. */
export function msDecimals(value: number | undefined | null): number {
  return value !== undefined && value !== null && Math.abs(value) < 10 ? 1 : 0;
}

/** A wall-clock time of day with seconds (24 h), in `locale`. */
export function formatClock(at: number, locale: Locale): string {
  let format = times.get(locale);
  if (!format) times.set(locale, (format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })));
  return format.format(at);
}
