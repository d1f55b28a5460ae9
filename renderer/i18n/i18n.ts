/** Translation and locale-aware number formatting, with a hook that re-renders on locale change. */
import { useSyncExternalStore } from 'react';
import { catalogs, type Locale, type MessageKey } from './messages';
import { formatNumberIn } from './number-format';

export { numberFormat } from './number-format';

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

/** Formats a number for the current (or given) locale: fixed decimals, no grouping unless asked (see number-format.ts). */
export function formatNumber(value: number, decimals = 2, at: Locale = locale, grouping = false): string {
  return formatNumberIn(at, value, decimals, grouping);
}

/** The current locale and a `t` bound to it; components using it re-render when the locale changes. */
export function useI18n(): { locale: Locale; t: typeof translate } {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => locale,
    () => locale, // rendered to markup (tests) the same way
  );
  return { locale: current, t: (key, params) => translate(key, params, current) };
}
