/** The newest audit entries of some kinds, for the console's audit view (`audit.recent`). */
import { readFile } from 'node:fs/promises';
import { parseEntryLine } from './chain';
import type { AuditEntry } from './entry';
import { listAuditFiles } from './files';

/** What a recent-entries read found. */
export interface RecentAudit {
  /** Newest first. */
  entries: AuditEntry[];
  /** Lines that were not an entry (a damaged line; a line still being written is not counted). */
  unreadable: number;
  /** Entries looked at to find these (bounded by `maxScan`). */
  scanned: number;
}

/**
 * Reads files newest first, lines newest first, until `count` entries of `kinds` (all kinds when undefined) are
 * found or `maxScan` entries were looked at, so a rare kind never makes one request read a whole year of logs.
 */
export async function readRecentEntries(dir: string, count: number, kinds?: ReadonlySet<string>, maxScan = 50_000): Promise<RecentAudit> {
  const out: RecentAudit = { entries: [], unreadable: 0, scanned: 0 };
  const paths = await listAuditFiles(dir);
  for (let k = paths.length - 1; k >= 0 && out.entries.length < count && out.scanned < maxScan; k--) {
    const lines = (await readFile(paths[k] as string, 'utf8')).split('\n');
    lines.pop(); // after the last newline: empty, or a line the writer has not finished
    for (let i = lines.length - 1; i >= 0 && out.entries.length < count && out.scanned < maxScan; i--) {
      const parsed = parseEntryLine(lines[i] as string);
      if (!parsed.ok) {
        out.unreadable++;
        continue;
      }
      out.scanned++;
      if (!kinds || kinds.has(parsed.entry.kind)) out.entries.push(parsed.entry);
    }
  }
  return out;
}
