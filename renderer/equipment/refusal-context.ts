/** The equipment of the panel being shown, so controls inside it can word refusals in the viewer's language. */
import { createContext, useContext } from 'react';
import type { EquipmentSummary } from '../../shared/contract/requests/core';
import { useI18n } from '../i18n/i18n';
import { refusalText, type RefusalValues } from './refusal-text';

/** The equipment whose panel is shown (undefined outside a panel). */
export const PanelEquipmentContext = createContext<EquipmentSummary | undefined>(undefined);

/** `refusalText` bound to the current panel and locale. */
export function useRefusalText(): (code: string, text: string, values?: RefusalValues) => string {
  const equipment = useContext(PanelEquipmentContext);
  const { locale } = useI18n();
  return (code, text, values) => refusalText(equipment, code, text, locale, values);
}
