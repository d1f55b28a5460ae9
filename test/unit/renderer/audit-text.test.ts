/** The audit view's one-line texts of what an entry set or said. */
import { describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../../shared/contract/requests/audit';
import { auditDetailText } from '../../../renderer/alarms/audit-text';

const minutes = (ms: number) => `${ms / 60_000} min`;
const entry = (patch: Partial<AuditEntryView>): AuditEntryView => ({ seq: 1, time: '2026-01-01T00:00:00.000Z', kind: 'write', ...patch });

describe('audit detail text', () => {
  it('names a shelve by its reason and duration', () => {
    expect(auditDetailText(entry({ kind: 'alarm-shelve', new: { durationMs: 900_000, reason: 'wind watch' } }), minutes)).toBe('wind watch · 15 min');
  });

  it('shows a write as old → new, and a refusal with its reason', () => {
    expect(auditDetailText(entry({ old: 0.2, new: 0.5 }), minutes)).toBe('0.2 → 0.5');
    expect(auditDetailText(entry({ new: 3, outcome: { result: 'refused', reason: 'not the owner' } }), minutes)).toBe('3 · not the owner');
  });

  it('keeps long values short and says nothing for an entry without values', () => {
    const text = auditDetailText(entry({ new: { list: 'x'.repeat(300) } }), minutes);
    expect(text.length).toBe(118);
    expect(text.endsWith('…')).toBe(true);
    expect(auditDetailText(entry({ kind: 'login' }), minutes)).toBe('');
  });
});
