/** The audit view's one-line texts of what an entry set or said. */
import { describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../../shared/contract/requests/audit';
import { auditDetailText, auditTargetLabel, auditTargetText, auditValueUnit } from '../../../renderer/alarms/audit-text';

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

describe('audit words in the reader\'s language', () => {
  const zh: Record<string, string> = { take: '获取控制权', trust: '信任证书', logout: '已退出登录' };
  const word = (w: string) => zh[w] ?? w;
  it('translates the engine\'s action word and keeps the rest (a thumbprint, a tag id) as recorded', () => {
    expect(auditTargetText('take', word)).toBe('获取控制权');
    expect(auditTargetText('trust 40853d39', word)).toBe('信任证书 40853d39');
    expect(auditTargetText('windLimit', word)).toBe('windLimit');
  });
  it('translates a one-word outcome reason, not a sentence from the engine', () => {
    expect(auditDetailText(entry({ kind: 'logout', outcome: { result: 'ok', reason: 'logout' } }), minutes, word)).toBe('已退出登录');
    expect(auditDetailText(entry({ new: 3, outcome: { result: 'refused', reason: 'not the owner' } }), minutes, word)).toBe('3 · not the owner');
  });
});

describe('audit targets and values as the site names them', () => {
  const crane = {
    id: 'crane', name: 'Crane', type: 'sts-crane', connectionId: 'plc', protocol: 'modbus-tcp', keyTags: [],
    tags: [
      { name: 'hoistSpeedRef', address: 'holding:10', type: 'float32', unit: 'm/s', writable: true, label: { en: 'Hoist speed reference' } },
      { name: 'windLimit', address: 'holding:16', type: 'uint16', unit: 'm/s', writable: true, label: { en: 'Trolley wind limit', 'zh-CN': '小车风速限值' } },
    ],
    commands: [{ name: 'hoistJog', kind: 'jog', motion: true, confirm: false, tag: 'hoistSpeedRef', label: { en: 'Hoist', 'zh-CN': '起升' } }],
  };
  const label = (l: { en: string; 'zh-CN'?: string } | undefined, fallback: string) => l?.en ?? fallback;
  it('a command or a tag by its label; anything else stays as recorded', () => {
    expect(auditTargetLabel('hoistJog', crane, label)).toBe('Hoist');
    expect(auditTargetLabel('windLimit', crane, label)).toBe('Trolley wind limit');
    expect(auditTargetLabel('take', crane, label)).toBeUndefined();
  });
  it("a written value with its tag's unit, a jog's through the tag it writes; a stop's pulse is not repeated", () => {
    expect(auditValueUnit('hoistJog', crane)).toBe('m/s');
    expect(auditValueUnit('windLimit', crane)).toBe('m/s');
    expect(auditValueUnit('take', crane)).toBeUndefined();
    const withUnit = (v: unknown) => `${String(v)} m/s`;
    expect(auditDetailText(entry({ kind: 'jog', old: 0, new: 0.375 }), minutes, undefined, withUnit)).toBe('0 m/s → 0.375 m/s');
    expect(auditDetailText(entry({ kind: 'stop', new: true, outcome: { result: 'ok' } }), minutes)).toBe('');
  });
});
