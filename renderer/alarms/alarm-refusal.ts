/**
 * An alarm action's refusal in the viewer's language, by its code: the alarm states' own (`alarms.refusal.<code>`),
 * then the codes every command shares (login, role, audit: refusal-text.ts); anything else keeps the engine's text.
 */
import type { CommandOutcome } from '../../shared/contract/outcome';
import { refusalText } from '../equipment/refusal-text';
import { catalogs, hasMessage, type Locale } from '../i18n/messages';

/** A refused (or otherwise failed) outcome's text for `locale`. */
export function alarmRefusalText(outcome: Exclude<CommandOutcome, { status: 'ok' }>, locale: Locale): string {
  const code = 'code' in outcome ? outcome.code : undefined;
  if (code === undefined) return outcome.text;
  const key = `alarms.refusal.${code}`;
  if (locale !== 'en' && hasMessage(key)) return catalogs[locale][key]; // the engine's English is the reference text
  return refusalText(undefined, code, outcome.text, locale, 'values' in outcome ? outcome.values : undefined);
}
