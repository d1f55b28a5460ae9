/** Read access to the audit log for the console (`audit.recent`): never writes, never opens the writer's lock. */
import { auditDirOf } from './files';
import { readRecentEntries, type RecentAudit } from './read-recent';

/** What handlers may read from the audit log. */
export interface AuditReader {
  /** The newest `count` entries of `kinds` (all when undefined), newest first. */
  recent(count: number, kinds?: readonly string[]): Promise<RecentAudit>;
}

/** An audit reader over `<dataDir>/audit`; with no data directory there is no log and the reader says so. */
export function auditReaderFor(dataDir: string): AuditReader {
  return {
    recent: async (count, kinds) => {
      if (!dataDir) throw new Error('this engine runs without a data directory, so it keeps no audit log');
      try {
        return await readRecentEntries(auditDirOf(dataDir), count, kinds ? new Set(kinds) : undefined);
      } catch (error) {
        // Nothing audited yet: the folder is made by the first append.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], unreadable: 0, scanned: 0 };
        throw error;
      }
    },
  };
}
