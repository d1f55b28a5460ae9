/** An age as the operator reads it: ms below a second, tenths of seconds below a minute, then minutes. */
import { formatNumber, type translate } from '../../../i18n/i18n';
import type { Locale } from '../../../i18n/messages';

/** The age text for `ms` (empty when unknown). Tenths keep the age moving smoothly rather than jumping per second. */
export function ageText(ms: number | undefined, t: typeof translate, locale: Locale): string {
  if (ms === undefined) return '';
  if (ms < 1000) return t('panel.ageMs', { n: Math.round(ms) });
  if (ms < 60_000) return t('panel.ageS', { n: formatNumber(ms / 1000, 1, locale) });
  return t('panel.ageMin', { n: formatNumber(ms / 60_000, 0, locale) });
}
