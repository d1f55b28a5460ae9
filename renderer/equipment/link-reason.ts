/** Link-health reasons in the viewer's language, by the engine's stable reason code; unknown codes keep the engine's text. */
import { formatNumber, type translate } from '../i18n/i18n';
import { hasMessage, type Locale } from '../i18n/messages';

/** Figures a reason text may quote. */
export interface ReasonFigures {
  rttMs?: number | undefined;
  lossPct?: number | undefined;
}

/** The text of reason `code` (engine text `fallback`) with its figures, in `locale`. */
export function linkReasonText(code: string, fallback: string, figures: ReasonFigures, t: typeof translate, locale: Locale): string {
  const key = `panel.reason.${code}`;
  if (!hasMessage(key)) return fallback;
  const n = (v: number | undefined, d: number) => (v === undefined ? '?' : formatNumber(v, d, locale));
  return t(key, { rtt: n(figures.rttMs, 0), loss: n(figures.lossPct, 1) });
}
