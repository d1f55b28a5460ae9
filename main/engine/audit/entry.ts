/** The shape of one audit entry: what callers pass in, and what the log adds (seq, time, chain hashes). */
import { AUDIT_CALLER_KINDS, AUDIT_LOG_KINDS } from '../../../shared/contract/requests/audit';

/** Kinds a caller may record, and those only the log writes: one list, in the contract (the audit view reads them). */
export const CALLER_KINDS = AUDIT_CALLER_KINDS;
export const LOG_KINDS = AUDIT_LOG_KINDS;

/** What an entry records. */
export type AuditKind = (typeof CALLER_KINDS)[number] | (typeof LOG_KINDS)[number];

/** A JSON value as stored (non-finite numbers are stored as the strings "NaN", "Infinity", "-Infinity"). */
export type AuditValue = string | number | boolean | null | AuditValue[] | { [key: string]: AuditValue };

/** Who acted: user, role and the console/session they acted from. */
export interface AuditWho {
  user: string;
  role?: string;
  console?: string;
  session?: string;
}

/** What was acted on. */
export interface AuditTarget {
  equipment?: string;
  connection?: string;
  tag?: string;
  command?: string;
  node?: string;
}

/** How it ended; `attempt` marks the entry written before execution. */
export interface AuditOutcome {
  result: 'attempt' | 'ok' | 'refused' | 'device-rejected' | 'verify-mismatch' | 'timeout' | 'error';
  stage?: string;
  code?: string;
  reason?: string;
}

/** What a caller passes to `append`. */
export interface AuditEntryInput {
  kind: (typeof CALLER_KINDS)[number];
  who?: AuditWho;
  target?: AuditTarget;
  old?: unknown;
  new?: unknown;
  outcome?: AuditOutcome;
  latencyMs?: number;
  /** Seq of a related entry (the outcome entry names its attempt). */
  ref?: number;
  detail?: Record<string, unknown>;
}

/** One stored entry: the input, normalised, plus seq, time and the chain hashes. */
export interface AuditEntry {
  seq: number;
  time: string;
  kind: AuditKind;
  who?: AuditWho;
  target?: AuditTarget;
  old?: AuditValue;
  new?: AuditValue;
  outcome?: AuditOutcome;
  latencyMs?: number;
  ref?: number;
  detail?: { [key: string]: AuditValue };
  /** SHA-256 (hex) of the previous entry; 64 zeros for the first entry of a log. */
  prev: string;
  /** SHA-256 (hex) of this entry's canonical text (every field but `hash`, keys sorted). */
  hash: string;
}

/** Where an acknowledged entry lives. */
export interface AuditRef {
  seq: number;
  hash: string;
  file: string;
}

/** A bad entry or an unusable log; the message is one readable line. */
export class AuditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditError';
  }
}

const OUTCOMES = new Set<string>(['attempt', 'ok', 'refused', 'device-rejected', 'verify-mismatch', 'timeout', 'error']);
const KINDS = new Set<string>(CALLER_KINDS);

/** A JSON-safe copy: non-finite numbers become strings, undefined fields vanish, anything else unstorable throws. */
export function toAuditValue(value: unknown, path: string, depth = 0): AuditValue {
  if (depth > 16) throw new AuditError(`${path}: nested too deeply`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((item, i) => toAuditValue(item, `${path}[${i}]`, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: { [key: string]: AuditValue } = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toAuditValue(item, `${path}.${key}`, depth + 1);
    return out;
  }
  throw new AuditError(`${path}: cannot store a ${typeof value}`);
}

function stringFields<T extends object>(value: unknown, path: string, allowed: readonly (keyof T & string)[], required: (keyof T & string)[] = []): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AuditError(`${path}: expected an object`);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (!(allowed as readonly string[]).includes(key)) throw new AuditError(`${path}.${key}: unknown field`);
    if (typeof item !== 'string') throw new AuditError(`${path}.${key}: expected a string`);
    out[key] = item;
  }
  for (const key of required) if (out[key] === undefined) throw new AuditError(`${path}.${key}: required`);
  return out as T;
}

/** Checks a caller's entry and returns its stored fields (without seq, time, prev, hash); throws AuditError. */
export function normaliseInput(input: AuditEntryInput): Omit<AuditEntry, 'seq' | 'time' | 'prev' | 'hash'> {
  if (typeof input !== 'object' || input === null) throw new AuditError('entry: expected an object');
  if (!KINDS.has(input.kind)) throw new AuditError(`kind: unknown audit kind "${String(input.kind)}"`);
  const out: Omit<AuditEntry, 'seq' | 'time' | 'prev' | 'hash'> = { kind: input.kind };
  if (input.who !== undefined) out.who = stringFields<AuditWho>(input.who, 'who', ['user', 'role', 'console', 'session'], ['user']);
  if (input.target !== undefined) out.target = stringFields<AuditTarget>(input.target, 'target', ['equipment', 'connection', 'tag', 'command', 'node']);
  if (input.old !== undefined) out.old = toAuditValue(input.old, 'old');
  if (input.new !== undefined) out.new = toAuditValue(input.new, 'new');
  if (input.outcome !== undefined) {
    const outcome = stringFields<AuditOutcome>(input.outcome, 'outcome', ['result', 'stage', 'code', 'reason'], ['result']);
    if (!OUTCOMES.has(outcome.result)) throw new AuditError(`outcome.result: unknown result "${outcome.result}"`);
    out.outcome = outcome;
  }
  if (input.latencyMs !== undefined) {
    if (typeof input.latencyMs !== 'number' || !Number.isFinite(input.latencyMs) || input.latencyMs < 0) throw new AuditError('latencyMs: expected a finite number ≥ 0');
    out.latencyMs = Math.round(input.latencyMs * 1000) / 1000;
  }
  if (input.ref !== undefined) {
    if (!Number.isSafeInteger(input.ref) || input.ref < 1) throw new AuditError('ref: expected a seq (integer ≥ 1)');
    out.ref = input.ref;
  }
  if (input.detail !== undefined) {
    const detail = toAuditValue(input.detail, 'detail');
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) throw new AuditError('detail: expected an object');
    out.detail = detail;
  }
  return out;
}
