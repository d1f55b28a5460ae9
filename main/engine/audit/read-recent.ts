/** The newest audit entries of some kinds, for the console's audit view (`audit.recent`). */
import { entryIntact, parseEntryLine } from './chain';
import type { AuditEntry } from './entry';
import { listAuditFiles } from './files';
import { linesBackwards, openFromDisk, REVERSE_LINE_LIMITS, type OpenPositional, type ReverseLineLimits } from './reverse-lines';

/** An entry read back: `hashMismatch` when it does not match its own hash (or is not stored as the log writes it). */
export type CheckedEntry = AuditEntry & { hashMismatch?: true };

/** What a recent-entries read found. */
export interface RecentAudit {
  /**
   * Newest first. An entry changed after it was written (it fails its own hash, or its line is not the log's own
   * text) is still shown, flagged `hashMismatch`, so the audit view can say it is not genuine.
   */
  entries: CheckedEntry[];
  /** Lines that were not an entry (a damaged line; a line still being written is not counted). */
  unreadable: number;
  /** Entries looked at to find these (bounded by `maxScan`). */
  scanned: number;
  /** Entries among those looked at that fail their own hash (changed after they were written). */
  mismatched: number;
}

/** How a read reaches the files (tests inject a counting reader and small chunks). */
export interface RecentReadOptions {
  open?: OpenPositional;
  limits?: ReverseLineLimits;
}

/**
 * Reads files newest first, lines newest first in bounded chunks from each file's end, until `count` entries of
 * `kinds` (all kinds when undefined) are found or `maxScan` lines were looked at, so a request never loads a whole
 * file nor reads a year of logs for a rare kind.
 */
export async function readRecentEntries(
  dir: string,
  count: number,
  kinds?: ReadonlySet<string>,
  maxScan = 50_000,
  options: RecentReadOptions = {},
): Promise<RecentAudit> {
  const out: RecentAudit = { entries: [], unreadable: 0, scanned: 0, mismatched: 0 };
  const more = () => out.entries.length < count && out.scanned + out.unreadable < maxScan;
  const paths = await listAuditFiles(dir);
  for (let k = paths.length - 1; k >= 0 && more(); k--) {
    const file = await (options.open ?? openFromDisk)(paths[k] as string);
    try {
      for await (const line of linesBackwards(file, options.limits ?? REVERSE_LINE_LIMITS)) {
        const parsed = line === undefined ? undefined : parseEntryLine(line);
        if (!parsed?.ok) out.unreadable++;
        else {
          out.scanned++;
          const intact = entryIntact(line as string, parsed.entry);
          if (!intact) out.mismatched++;
          if (!kinds || kinds.has(parsed.entry.kind)) out.entries.push(intact ? parsed.entry : { ...parsed.entry, hashMismatch: true });
        }
        if (!more()) break;
      }
    } finally {
      await file.close();
    }
  }
  return out;
}
