/** The audit log: append-only, hash-chained JSON lines under `<dataDir>/audit`, durable before acknowledged. */
export { AuditLog, type AuditHealth, type AuditLogOptions, type StagedAudit } from './audit-log';
export { verifyAudit, type AuditProblem, type AuditProblemKind, type AuditVerifyResult } from './verify';
export { readLastEntries, formatAuditEntry, type AuditTail } from './read-tail';
export { readRecentEntries, type RecentAudit } from './read-recent';
export { auditReaderFor, type AuditReader } from './audit-reader';
export { auditDirOf, isDirectory, listAuditFiles } from './files';
export { GENESIS, canonicalJson, entryHash } from './chain';
export {
  AuditError,
  CALLER_KINDS,
  type AuditEntry,
  type AuditEntryInput,
  type AuditKind,
  type AuditOutcome,
  type AuditRef,
  type AuditTarget,
  type AuditValue,
  type AuditWho,
} from './entry';
