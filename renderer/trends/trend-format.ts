/** Cached locale formatters for trend values, axis times and ranges (one Intl object per format). */
import type { Locale } from '../i18n/messages';

const numberFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A value with up to `decimals` decimals, no grouping (positions and temperatures must not look like thousands). */
export function formatValue(value: number, locale: Locale, decimals = 3): string {
  const key = `${locale}|${decimals}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: decimals, useGrouping: false })));
  // As in the panels: anything that rounds to zero is plain zero ("-0" on an axis or a legend reads as motion).
  return format.format(Math.abs(value) < 0.5 * 10 ** -decimals ? 0 : value);
}

type TimeStyle = 'seconds' | 'minutes' | 'dayMinutes' | 'full';
const TIME_OPTIONS: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  seconds: { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
  minutes: { hour: '2-digit', minute: '2-digit', hour12: false },
  dayMinutes: { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false },
  full: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
};

/** A local time in one of the styles. */
export function formatTime(ms: number, locale: Locale, style: TimeStyle): string {
  const key = `${locale}|${style}`;
  let format = timeFormats.get(key);
  if (!format) timeFormats.set(key, (format = new Intl.DateTimeFormat(locale, TIME_OPTIONS[style])));
  return format.format(ms);
}

/** The axis style for a window of `spanMs`: seconds up to 10 min, the date from two days on. */
export function axisStyle(spanMs: number): TimeStyle {
  return spanMs <= 600_000 ? 'seconds' : spanMs <= 2 * 86_400_000 ? 'minutes' : 'dayMinutes';
}

/** A span as text ("5 min", "1.5 h") through the catalog. */
export function formatSpan(ms: number, locale: Locale, t: (key: 'trends.dur.s' | 'trends.dur.min' | 'trends.dur.h' | 'trends.dur.d', params: { n: string }) => string): string {
  if (ms < 120_000) return t('trends.dur.s', { n: formatValue(ms / 1000, locale, 0) });
  if (ms < 7_200_000) return t('trends.dur.min', { n: formatValue(ms / 60_000, locale, 1) });
  if (ms < 172_800_000) return t('trends.dur.h', { n: formatValue(ms / 3_600_000, locale, 1) });
  return t('trends.dur.d', { n: formatValue(ms / 86_400_000, locale, 1) });
}

/** A history interval as text: seconds up to two minutes with their fraction ("0.5 s", "90 s"), then as `formatSpan`. */
export function formatInterval(ms: number, locale: Locale, t: Parameters<typeof formatSpan>[2]): string {
  return ms < 120_000 ? t('trends.dur.s', { n: formatValue(ms / 1000, locale, 3) }) : formatSpan(ms, locale, t);
}
