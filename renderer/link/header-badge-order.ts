/**
 * Which equipment get a badge in the header: all of them while they fit; on a larger site the worst links first
 * (lost, unsafe, degraded, not yet measured, then good), in site order within a level, and the rest summed up in one
 * "+N more" badge that links to the link page, so an abnormal link is never the one clipped away.
 */
import type { LINK_QUALITIES } from '../../shared/contract/requests/link';

type LinkQuality = (typeof LINK_QUALITIES)[number];

/** Equipment badges the header's link area holds beside the console badge (two rows of two at 1280 px). */
export const HEADER_BADGE_SLOTS = 3;

const SEVERITY: Record<LinkQuality | 'unknown', number> = { lost: 0, unsafe: 1, degraded: 2, unknown: 3, good: 4 };

/** The badges to show, and how many equipment (and how many of those not good) the "+N more" badge stands for. */
export function headerBadgeOrder<T extends { id: string }>(equipment: readonly T[], quality: (id: string) => LinkQuality | undefined, slots = HEADER_BADGE_SLOTS): { shown: T[]; more: number; moreNotGood: number } {
  if (equipment.length <= slots) return { shown: [...equipment], more: 0, moreNotGood: 0 };
  const ranked = equipment.map((e, index) => ({ e, index, level: SEVERITY[quality(e.id) ?? 'unknown'] })).sort((a, b) => a.level - b.level || a.index - b.index);
  const shown = ranked.slice(0, slots - 1); // one slot goes to the "+N more" badge
  const rest = ranked.slice(slots - 1);
  return { shown: shown.map((r) => r.e), more: rest.length, moreNotGood: rest.filter((r) => r.level < SEVERITY.good).length };
}
