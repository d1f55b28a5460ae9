/** CSV export of the shown window: its pages joined, and a file name that says what and when (the download itself: csv-download.ts). */
import type { ExportCursor } from '../../shared/contract/requests/history';
import type { TimeRange } from './trend-view';

/** One export page as the engine answers it (`history.export`). */
export interface ExportPage {
  csv: string;
  rows: number;
  truncated: boolean;
  next?: ExportCursor | undefined;
}

/**
 * The rows of an export, page after page (each made and sent by the engine on its own, so none holds its event loop
 * long), joined into one CSV with one header line, up to `maxRows`. `truncated`: rows were left out at that cap.
 */
export async function exportPages(page: (after: ExportCursor | undefined) => Promise<ExportPage>, maxRows: number): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const parts: string[] = [];
  let rows = 0;
  let after: ExportCursor | undefined;
  for (;;) {
    const reply = await page(after);
    // Every page starts with the header line: the first page's is kept, the others' dropped.
    parts.push(parts.length === 0 ? reply.csv : reply.csv.slice(reply.csv.indexOf('\r\n') + 2));
    rows += reply.rows;
    if (!reply.truncated || !reply.next) return { csv: parts.join(''), rows, truncated: false };
    if (rows >= maxRows) return { csv: parts.join(''), rows, truncated: true };
    after = reply.next;
  }
}

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
