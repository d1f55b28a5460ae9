/** Refusals in the viewer's language: an interlock refusal (`interlock:<id>`) shows the site's label of its reason. */
import type { EquipmentSummary } from '../../shared/contract/requests/core';
import type { Locale } from '../i18n/messages';
import { siteLabel } from './labels';

/** The text of a refusal with `code` and engine `text`, for `equipment` in `locale`; other refusals keep the engine's text. */
export function refusalText(equipment: EquipmentSummary | undefined, code: string, text: string, locale: Locale): string {
  const match = /^interlock:(.+)$/.exec(code);
  const interlock = match && equipment?.interlocks?.find((i) => i.id === match[1]);
  return interlock ? siteLabel(interlock.reason, text, locale) : text;
}
