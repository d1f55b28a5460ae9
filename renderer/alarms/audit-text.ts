/** Audit entries in words: the kind filters of the audit view and a short text of what an entry changed. */
import type { AuditEntryView } from '../../shared/contract/requests/audit';

/** The kind filters offered (undefined kinds: all). */
export const AUDIT_FILTERS = {
  all: undefined,
  alarms: ['alarm-ack', 'alarm-shelve', 'alarm-unshelve', 'alarm-suppress'],
  commands: ['ownership', 'write', 'call', 'jog', 'stop', 'trust'],
  sessions: ['login', 'logout', 'login-refused', 'session-locked'],
} as const;
export type AuditFilter = keyof typeof AUDIT_FILTERS;

/** A one-line text of what the entry set or said (a shelve's reason and duration, a written value, a refusal's reason); `word` translates the engine's one-word reasons ("logout"). */
export function auditDetailText(entry: AuditEntryView, minutes: (ms: number) => string, word: (w: string) => string = (w) => w): string {
  const parts: string[] = [];
  const value = entry.new;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const fields = value as Record<string, unknown>;
    if (typeof fields.reason === 'string') parts.push(fields.reason);
    if (typeof fields.comment === 'string') parts.push(fields.comment);
    if (typeof fields.durationMs === 'number') parts.push(minutes(fields.durationMs));
    if (parts.length === 0) parts.push(compact(value));
  } else if (value !== undefined) {
    parts.push(entry.old !== undefined ? `${compact(entry.old)} → ${compact(value)}` : compact(value));
  }
  if (entry.outcome?.reason) parts.push(word(entry.outcome.reason));
  return parts.join(' · ');
}

function compact(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** The audit target's action word in the reader's language ("take", "release", "trust <thumbprint>"); other targets (tags, commands, nodes) unchanged. */
export function auditTargetText(what: string, word: (w: string) => string): string {
  const [first = '', ...rest] = what.split(' ');
  return [word(first), ...rest].join(' ');
}
