/** CSV export of the shown window: a file name that says what and when (the download itself: csv-download.ts). */
import type { TimeRange } from './trend-view';

/** Compact UTC time for file names: 20261125T210500Z. */
function fileTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

const safe = (text: string) => text.replace(/[^\w.+-]+/g, '-');

/**
 * `equipment_tag_from_to.csv`; several tags of one equipment join their names with "+", several equipment join
 * theirs; past three tags the count stands in for the names.
 */
export function exportFileName(tags: readonly { equipmentId: string; tag: string }[], range: TimeRange): string {
  const equipment = [...new Set(tags.map((t) => t.equipmentId))];
  const what = tags.length <= 3 ? (equipment.length === 1 ? `${equipment[0]}_${tags.map((t) => t.tag).join('+')}` : tags.map((t) => `${t.equipmentId}.${t.tag}`).join('+')) : `${equipment.slice(0, 3).join('+')}_${tags.length}-tags`;
  return `${safe(what)}_${fileTime(range.from)}_${fileTime(range.to)}.csv`;
}
