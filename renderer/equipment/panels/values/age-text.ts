/** An age as the operator reads it: ms below a second, tenths of seconds below a minute, then minutes. */
import { formatNumberIn } from '../../../i18n/number-format';
import type { Locale, MessageKey } from '../../../i18n/messages';

/** A translate function (the app's `t`). */
type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The age text for `ms` (empty when unknown). Tenths keep the age moving smoothly rather than jumping per second. */
export function ageText(ms: number | undefined, t: Translate, locale: Locale): string {
  if (ms === undefined) return '';
  if (ms < 1000) return t('panel.ageMs', { n: Math.round(ms) });
  if (ms < 60_000) return t('panel.ageS', { n: formatNumberIn(locale, ms / 1000, 1) });
  return t('panel.ageMin', { n: formatNumberIn(locale, ms / 60_000, 0) });
}
