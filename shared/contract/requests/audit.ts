/** Audit read requests: the newest entries of the engine's hash-chained audit log, for maintenance staff. */
import { z } from 'zod';
import type { RequestTable } from './table';

/** Kinds a caller may record (the engine's audit log takes these from here). */
export const AUDIT_CALLER_KINDS = [
  'login',
  'logout',
  'login-refused',
  'session-locked',
  'ownership',
  'write',
  'call',
  'jog',
  'stop',
  'trust',
  'alarm-ack',
  'alarm-shelve',
  'alarm-unshelve',
  'alarm-suppress',
  'config',
] as const;
/** Kinds only the log itself writes: a new file continuing the chain, a torn tail moved aside. */
export const AUDIT_LOG_KINDS = ['rotate', 'recovered', 'truncated'] as const;
/** Kinds an entry may have. */
export const AUDIT_KINDS = [...AUDIT_CALLER_KINDS, ...AUDIT_LOG_KINDS] as const;
export const AuditKindName = z.enum(AUDIT_KINDS);

/** One audit entry as shown to people: who, what, on what, how it ended (values kept as the log stores them). */
export const AuditEntryView = z.object({
  seq: z.number().int(),
  time: z.string(),
  kind: z.string(),
  who: z.object({ user: z.string(), role: z.string().optional(), console: z.string().optional(), session: z.string().optional() }).optional(),
  target: z
    .object({ equipment: z.string().optional(), connection: z.string().optional(), tag: z.string().optional(), command: z.string().optional(), node: z.string().optional() })
    .optional(),
  outcome: z.object({ result: z.string(), stage: z.string().optional(), code: z.string().optional(), reason: z.string().optional() }).optional(),
  old: z.unknown().optional(),
  new: z.unknown().optional(),
  latencyMs: z.number().optional(),
  ref: z.number().int().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
  /** The entry fails its own hash (or its line is not as the log writes it): it was changed after it was written. */
  hashMismatch: z.literal(true).optional(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

/** The audit request table. */
export const auditRequests = {
  /** The newest `count` entries (of the given kinds, when named), newest first; lines that cannot be read are counted. */
  'audit.recent': {
    access: 'maintain',
    request: z.strictObject({ count: z.number().int().min(1).max(1000).default(100), kinds: z.array(AuditKindName).max(AUDIT_KINDS.length).optional() }),
    reply: z.object({ entries: z.array(AuditEntryView), unreadable: z.number().int(), scanned: z.number().int() }),
  },
  /** Checks the whole hash chain (every file, oldest first): intact up to the newest entry, or the first break and where. */
  'audit.verify': {
    access: 'maintain',
    request: z.strictObject({}),
    reply: z.object({
      ok: z.boolean(),
      /** Entries verified (before the problem, when there is one). */
      count: z.number().int(),
      files: z.array(z.string()),
      lastSeq: z.number().int().optional(),
      problem: z.object({ file: z.string(), line: z.number().int(), kind: z.string(), message: z.string() }).optional(),
    }),
  },
} satisfies RequestTable;
