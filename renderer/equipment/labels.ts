/** Site-file labels in the UI's language: engineering names instead of tag ids, texts instead of raw enum numbers. */
import type { LabelSummary } from '../../shared/contract/requests/core';
import type { Locale } from '../i18n/messages';

/** The label in `locale` (Simplified Chinese falls back to English), or `fallback` when the site gives none. */
export function siteLabel(label: LabelSummary | undefined, fallback: string, locale: Locale): string {
  if (!label) return fallback;
  return locale === 'zh-CN' ? (label['zh-CN'] ?? label.en) : label.en;
}

/** The text of a raw enum/boolean value, when the site names it. */
export function stateLabel(states: Record<string, LabelSummary> | undefined, raw: number, locale: Locale): string | undefined {
  if (!states || !Number.isInteger(raw)) return undefined;
  const label = states[String(raw)];
  return label ? siteLabel(label, String(raw), locale) : undefined;
}
