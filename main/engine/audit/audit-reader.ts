/** Read access to the audit log for the console (`audit.recent`): never writes, never opens the writer's lock. */
import { basename } from 'node:path';
import { auditDirOf } from './files';
import { liveLogOf } from './live-logs';
import { readRecentEntries, type RecentAudit } from './read-recent';
import { verifyAudit, type AuditVerifyResult } from './verify';

/** What handlers may read from the audit log. */
export interface AuditReader {
  /** The newest `count` entries of `kinds` (all when undefined), newest first. */
  recent(count: number, kinds?: readonly string[]): Promise<RecentAudit>;
  /**
   * Checks the whole hash chain, every file, oldest first (yielding to the event loop as it goes); while this process
   * writes the log, the chain must also reach the writer's last durable entry, with its hash.
   */
  verify(): Promise<AuditVerifyResult>;
}

/** A torn last line in the newest file may be an entry being appended right now: look again once after this. */
const TORN_RETRY_MS = 100;

/** An audit reader over `<dataDir>/audit`; with no data directory there is no log and the reader says so. */
export function auditReaderFor(dataDir: string): AuditReader {
  return {
    recent: async (count, kinds) => {
      if (!dataDir) throw new Error('this engine runs without a data directory, so it keeps no audit log');
      try {
        return await readRecentEntries(auditDirOf(dataDir), count, kinds ? new Set(kinds) : undefined);
      } catch (error) {
        // Nothing audited yet: the folder is made by the first append.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], unreadable: 0, scanned: 0, mismatched: 0 };
        throw error;
      }
    },
    verify: async () => {
      if (!dataDir) throw new Error('this engine runs without a data directory, so it keeps no audit log');
      const dir = auditDirOf(dataDir);
      try {
        // The writer's position before reading: every entry up to it is in the files, so the chain must reach it.
        const writtenUpTo = liveLogOf(dir)?.position;
        const first = await verifyAudit(dir, { writtenUpTo });
        if (first.ok || first.problem.kind !== 'torn' || first.problem.file !== first.files.at(-1)) return first;
        await new Promise((resolve) => setTimeout(resolve, TORN_RETRY_MS));
        return await verifyAudit(dir, { writtenUpTo: liveLogOf(dir)?.position });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          const written = liveLogOf(dir)?.position;
          // Nothing audited yet is fine; a folder gone under a writer that has written is not.
          if (written && written.seq > 0) return { ok: false, files: [], count: 0, problem: { file: basename(written.file), line: 1, kind: 'deleted', message: `the audit folder is gone, but the engine has written up to seq ${written.seq}` } };
          return { ok: true, files: [], count: 0, lastSeq: 0, lastHash: '', recoveries: 0, truncations: 0 };
        }
        throw error;
      }
    },
  };
}
