/**
 * Refusals in the viewer's language. The engine words refusals in English with a stable code: an interlock refusal
 * (`interlock:<id>`) shows the site's label of that interlock's reason; other known codes have catalog texts
 * (`panel.refusal.<code>`, filled from the refusal's values); anything else keeps the engine's text.
 */
import type { EquipmentSummary } from '../../shared/contract/requests/core';
import { catalogs, hasMessage, type Locale } from '../i18n/messages';
import { siteLabel } from './labels';

/** Values a refusal may carry (the role needed, the holder …). */
export type RefusalValues = Record<string, string | number | boolean | null> | undefined;

/** The text of a refusal with `code` and engine `text`, for `equipment` in `locale`. */
export function refusalText(equipment: EquipmentSummary | undefined, code: string, text: string, locale: Locale, values?: RefusalValues, ownWords = false): string {
  const match = /^interlock(-unknown)?:(.+)$/.exec(code);
  const interlock = match && equipment?.interlocks?.find((i) => i.id === match[2]);
  if (interlock && !match[1]) return siteLabel(interlock.reason, text, locale);
  // An interlock that could not be checked: its reason in the viewer's language, with the inputs that were not fresh
  // by their labels (the engine names them as the site file does: `windHigh`, `sensors.blocked`).
  if (interlock) {
    const reason = siteLabel(interlock.reason, interlock.reason.en, locale);
    return refusalText(equipment, 'interlock-unknown', text, locale, { ...values, reason, inputs: inputLabels(equipment, values?.inputs, locale) ?? null }, true);
  }
  const key = `panel.refusal.${code}`;
  if ((locale === 'en' && !ownWords) || !hasMessage(key)) return text; // the engine's English is the reference text
  const catalog = catalogs[locale];
  let complete = true;
  const filled = catalog[key].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values?.[name];
    if (value === undefined || value === null) {
      complete = false;
      return '';
    }
    const roleKey = `role.${String(value)}`;
    return name === 'role' || name === 'needs' ? (hasMessage(roleKey) ? catalog[roleKey] : String(value)) : String(value);
  });
  return complete ? filled : text; // a refusal without the values its text needs keeps the engine's words
}

/** The interlock inputs `inputs` ("windHigh, sensors.blocked") by their labels on `equipment` (others as written). */
function inputLabels(equipment: EquipmentSummary | undefined, inputs: string | number | boolean | null | undefined, locale: Locale): string | undefined {
  if (typeof inputs !== 'string') return undefined;
  return inputs
    .split(', ')
    .map((name) => {
      const tag = equipment?.tags.find((t) => t.name === name);
      return tag?.label ? siteLabel(tag.label, name, locale) : name;
    })
    .join(locale === 'en' ? ', ' : '、');
}
