/** What every level-2 panel body receives. */
import type { EquipmentSummary } from '../../../shared/contract/requests/core';
import type { LinkFigures } from '../link-figures';

/** Props of a type-specific panel body. */
export interface PanelProps {
  equipment: EquipmentSummary;
  /** Local time the ages are computed at (refreshed several times a second). */
  now: number;
  link: LinkFigures;
}
