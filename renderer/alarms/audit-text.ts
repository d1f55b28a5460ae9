/** Audit entries in words: the kind filters of the audit view and a short text of what an entry changed. */
import type { AuditEntryView } from '../../shared/contract/requests/audit';
import type { EquipmentSummary, LabelSummary } from '../../shared/contract/requests/core';

/** The kind filters offered (undefined kinds: all). */
export const AUDIT_FILTERS = {
  all: undefined,
  alarms: ['alarm-ack', 'alarm-shelve', 'alarm-unshelve', 'alarm-suppress'],
  commands: ['ownership', 'write', 'call', 'jog', 'stop', 'trust'],
  sessions: ['login', 'logout', 'login-refused', 'session-locked'],
} as const;
export type AuditFilter = keyof typeof AUDIT_FILTERS;

/**
 * A one-line text of what the entry set or said (a shelve's reason and duration, a written value, a refusal's reason);
 * `word` translates the engine's one-word reasons ("logout"), `valueText` words a value (a unit, "free").
 */
export function auditDetailText(entry: AuditEntryView, minutes: (ms: number) => string, word: (w: string) => string = (w) => w, valueText: (v: unknown) => string = compact): string {
  const parts: string[] = [];
  const value = entry.new;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const fields = value as Record<string, unknown>;
    if (typeof fields.reason === 'string') parts.push(fields.reason);
    if (typeof fields.comment === 'string') parts.push(fields.comment);
    if (typeof fields.durationMs === 'number') parts.push(minutes(fields.durationMs));
    if (parts.length === 0) parts.push(compact(value));
  } else if (value !== undefined && !(entry.kind === 'stop' && value === true)) {
    // (A stop's "true" is the pulse it wrote: it says nothing the kind does not.)
    parts.push(entry.old !== undefined ? `${valueText(entry.old)} → ${valueText(value)}` : valueText(value));
  }
  if (entry.outcome?.reason) parts.push(word(entry.outcome.reason));
  return parts.join(' · ');
}

/** A value as recorded, cut at 120 characters. */
export function compact(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** The audit target's action word in the reader's language ("take", "release", "trust <thumbprint>"); other targets (tags, commands, nodes) unchanged. */
export function auditTargetText(what: string, word: (w: string) => string): string {
  const [first = '', ...rest] = what.split(' ');
  return [word(first), ...rest].join(' ');
}

/** The site's label of what an entry targeted on `equipment` (a command or a tag), or undefined to keep it as recorded. */
export function auditTargetLabel(what: string, equipment: EquipmentSummary | undefined, label: (l: LabelSummary | undefined, fallback: string) => string): string | undefined {
  const command = equipment?.commands.find((c) => c.name === what);
  if (command) return label(command.label, what);
  const tag = equipment?.tags.find((t) => t.name === what);
  return tag ? label(tag.label, what) : undefined;
}

/** The unit of what an entry wrote on `equipment`: a tag's, or the tag a setpoint or jog command writes. */
export function auditValueUnit(what: string | undefined, equipment: EquipmentSummary | undefined): string | undefined {
  if (!what || !equipment) return undefined;
  const tagName = equipment.commands.find((c) => c.name === what)?.tag ?? what;
  return equipment.tags.find((t) => t.name === tagName)?.unit;
}
