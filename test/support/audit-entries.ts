/** Every entry of a console's audit log, oldest first (tests read what the command path recorded). */
import { auditDirOf } from '../../main/engine/audit';
import { readLastEntries } from '../../main/engine/audit/read-tail';
import type { AuditEntry } from '../../main/engine/audit';

/** All audit entries under `dataDir`. */
export async function auditEntries(dataDir: string): Promise<AuditEntry[]> {
  const tail = await readLastEntries(auditDirOf(dataDir), Number.MAX_SAFE_INTEGER);
  if (tail.unreadable.length > 0) throw new Error(`unreadable audit lines: ${JSON.stringify(tail.unreadable)}`);
  return tail.entries;
}
