/** Translation and locale-aware number formatting, with a hook that re-renders on locale change. */
import { useSyncExternalStore } from 'react';
import { catalogs, type Locale, type MessageKey } from './messages';

const CHOICE_KEY = 'rec-locale';
let locale: Locale = 'en';
const listeners = new Set<() => void>();

/** Sets the UI locale (from the site file, or the user's toggle). */
export function setLocale(next: string): void {
  const resolved: Locale = next === 'zh-CN' || next.startsWith('zh') ? 'zh-CN' : 'en';
  if (resolved === locale) return;
  locale = resolved;
  document.documentElement.lang = resolved;
  for (const listener of listeners) listener();
}

/** The language the user chose on this machine, if any (it outranks the site's default). */
export function chosenLocale(): string | undefined {
  try {
    return localStorage.getItem(CHOICE_KEY) ?? undefined;
  } catch {
    return undefined; // storage disabled: the site's default applies
  }
}

/** The user's own choice: applied now and remembered across reloads. */
export function chooseLocale(next: Locale): void {
  try {
    localStorage.setItem(CHOICE_KEY, next);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  setLocale(next);
}

/** The catalog string for `key` with `{name}` parameters filled in. */
export function translate(key: MessageKey, params: Record<string, string | number> = {}, at: Locale = locale): string {
  const template = catalogs[at][key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

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
export function formatNumber(value: number, decimals = 2, at: Locale = locale, grouping = false): string {
  // A speed of −0.001 shown as "−0.00" looks like motion: anything that rounds to zero is plain zero.
  const shown = Math.abs(value) < 0.5 * 10 ** -decimals ? 0 : value;
  return numberFormat(at, decimals, grouping).format(shown);
}

/** The current locale and a `t` bound to it; components using it re-render when the locale changes. */
export function useI18n(): { locale: Locale; t: typeof translate } {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => locale,
  );
  return { locale: current, t: (key, params) => translate(key, params, current) };
}
