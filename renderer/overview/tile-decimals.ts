/** How many decimals an overview tile shows for a tag (pure: tested without a DOM). */
import type { z } from 'zod';
import type { TagSummary } from '../../shared/contract/requests/core';
import { scaleDecimals } from '../equipment/panels/values/format-value';

type Tag = z.infer<typeof TagSummary>;

/**
 * Decimals that suit the tag's range: whole numbers for wide ranges (1580 °C), tenths or hundredths for narrow ones; a
 * scaled integer shows every step of its scale (as on the equipment panel: 23.4, not 23).
 */
export function decimalsForTag(tag: Pick<Tag, 'type' | 'range' | 'scale'>): number {
  if (!tag.type.startsWith('float')) return tag.scale !== undefined ? scaleDecimals(tag.scale) : 0;
  if (!tag.range) return 2;
  const span = tag.range[1] - tag.range[0];
  return span > 500 ? 0 : span > 20 ? 1 : 2;
}
