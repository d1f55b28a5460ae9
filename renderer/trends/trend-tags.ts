/** The tags a trend can show (numeric ones), their site labels and units, search, and grouping into charts by unit. */
import type { EquipmentSummary } from '../../shared/contract/requests/core';
import type { Locale } from '../i18n/messages';
import { siteLabel } from '../equipment/labels';

/** One trendable tag. */
export interface TrendTag {
  /** `equipmentId/tag`: stable across engine restarts, used in the URL. */
  key: string;
  equipmentId: string;
  equipment: string;
  tag: string;
  label: string;
  unit: string;
  signalId: number;
  /** Whether the site file names it (unnamed ones are engineering tags, listed after the named ones). */
  labelled: boolean;
  /** History keeps at most one sample per this many ms (the site file's `history.minIntervalMs`). */
  historyEveryMs?: number;
  /** The tag's full scale (the site file's `range`), when it has one. */
  range?: readonly [number, number];
}

const NUMERIC = /^(u?int(16|32|64)|float(32|64))$/;

/** Every numeric tag of the site that has a signal and a history (not `history: false`), labelled in `locale`, by equipment. */
export function trendTags(equipment: readonly EquipmentSummary[], signalIds: ReadonlyMap<string, number>, locale: Locale): TrendTag[] {
  const out: TrendTag[] = [];
  for (const eq of equipment) {
    for (const tag of eq.tags) {
      const key = `${eq.id}/${tag.name}`;
      const signalId = signalIds.get(key);
      if (signalId === undefined || !NUMERIC.test(tag.type) || tag.history === false) continue;
      const every = typeof tag.history === 'object' ? { historyEveryMs: tag.history.minIntervalMs } : {};
      out.push({ key, equipmentId: eq.id, equipment: siteLabel(eq.label, eq.name, locale), tag: tag.name, label: siteLabel(tag.label, tag.name, locale), unit: tag.unit ?? '', signalId, labelled: tag.label !== undefined, ...every, ...(tag.range ? { range: tag.range } : {}) });
    }
  }
  return out;
}

/** Each signal's staleness threshold (its tag's `staleAfterMs`), where the engine gave one. */
export function staleAfterBySignal(equipment: readonly EquipmentSummary[], signalIds: ReadonlyMap<string, number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const eq of equipment) {
    for (const tag of eq.tags) {
      const signalId = signalIds.get(`${eq.id}/${tag.name}`);
      if (signalId !== undefined && tag.staleAfterMs !== undefined) out.set(signalId, tag.staleAfterMs);
    }
  }
  return out;
}

/** Of `keys` (`equipmentId/tag`), those naming a tag the site keeps no history of (`history: false`). */
export function unrecordedKeys(equipment: readonly EquipmentSummary[], keys: readonly string[]): string[] {
  return keys.filter((key) => {
    const slash = key.indexOf('/');
    const eq = equipment.find((e) => e.id === key.slice(0, slash));
    return eq?.tags.some((tag) => tag.name === key.slice(slash + 1) && tag.history === false) ?? false;
  });
}

/** How many of `keys` name a tag of `tags` (a bookmark's tags the site does not trend are neither shown nor counted). */
export function countTrendable(tags: readonly TrendTag[], keys: readonly string[]): number {
  return keys.filter((key) => tags.some((tag) => tag.key === key)).length;
}

/** Tags whose label, name, equipment or unit contains every word of `query` (case-insensitive). */
export function searchTags(tags: readonly TrendTag[], query: string): TrendTag[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...tags];
  return tags.filter((t) => {
    const text = `${t.label} ${t.tag} ${t.equipment} ${t.equipmentId} ${t.unit}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** One chart: the selected tags sharing a unit (several units never share a y axis). */
export interface ChartGroup {
  key: string;
  unit: string;
  tags: TrendTag[];
}

/** Selected tags grouped by unit, in the order first picked. */
export function groupByUnit(selected: readonly TrendTag[]): ChartGroup[] {
  const groups = new Map<string, ChartGroup>();
  for (const tag of selected) {
    let group = groups.get(tag.unit);
    if (!group) groups.set(tag.unit, (group = { key: `unit:${tag.unit}`, unit: tag.unit, tags: [] }));
    group.tags.push(tag);
  }
  return [...groups.values()];
}

/** Share of a tag's full scale a chart's y axis spans at least: sensor noise on a steady value stays a small wiggle. */
export const MIN_SPAN_OF_SCALE = 0.02;

/**
 * The least y span of a chart of `tags`: 2 % of the widest full scale among them (a hook load of 0–250 t: 5 t, so
 * ±0.2 t of noise never fills the plot as if the load swung); 0 when none has a range.
 */
export function minimumSpan(tags: readonly TrendTag[]): number {
  return Math.max(0, ...tags.map((t) => (t.range ? (t.range[1] - t.range[0]) * MIN_SPAN_OF_SCALE : 0)));
}

/** The full scale covering every tag of a chart that has one (undefined when none has). */
export function fullScale(tags: readonly TrendTag[]): readonly [number, number] | undefined {
  const ranges = tags.flatMap((t) => (t.range ? [t.range] : []));
  if (ranges.length === 0) return undefined;
  return [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
}
