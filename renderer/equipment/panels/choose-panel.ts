/** Which level-2 panel body an equipment type gets; unknown types get the generic one. */

/** The panel bodies there are. */
export type PanelKind = 'crane' | 'ladle' | 'rig' | 'generic';

/** Panel kinds by site-file equipment `type`. */
const KINDS: Readonly<Record<string, PanelKind>> = {
  'container-crane': 'crane',
  'ladle-crane': 'ladle',
  'drill-rig': 'rig',
};

/** The panel kind for `type`. */
export function choosePanel(type: string): PanelKind {
  return Object.hasOwn(KINDS, type) ? (KINDS[type] as PanelKind) : 'generic';
}
