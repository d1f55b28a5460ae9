/** The key values of a generic panel. */
import type { EquipmentSummary } from '../../../../shared/contract/requests/core';

const KEY_VALUES = 8;

/** The tags a generic panel shows as key values: labelled, read-only ones first, at most KEY_VALUES. */
export function keyTags(equipment: EquipmentSummary): string[] {
  const rank = (t: EquipmentSummary['tags'][number]) => (t.label ? 0 : 2) + (t.writable ? 1 : 0);
  return [...equipment.tags]
    .sort((a, b) => rank(a) - rank(b))
    .slice(0, KEY_VALUES)
    .map((t) => t.name);
}
