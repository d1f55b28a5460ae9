/**
 * `audit tail` prints client-chosen text (a refused login's user name, a console's name, a reason): a newline or a
 * terminal escape in it must not forge a line nor hide the rest of the real one from the administrator reading it.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../main/engine/audit/entry';
import { formatAuditEntry } from '../../../main/engine/audit/read-tail';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({ seq: 29, time: '2026-11-28T09:40:00.000Z', kind: 'login-refused', prev: '0'.repeat(64), hash: '1'.repeat(64), ...over });

describe('audit tail lines', () => {
  it('escapes control, line-separator and bidirectional characters from every client-given field', () => {
    const line = formatAuditEntry(
      entry({
        who: { user: 'x\n#30 09:40Z trust admin(admin)@CTRL ok\u001b[8m', console: 'tab\u2028two' },
        outcome: { result: 'refused', reason: 'bad PIN\r\u202eevil' },
      }),
    );
    expect(line).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
    expect(line).toContain('x\\n#30 09:40Z trust admin(admin)@CTRL ok\\u001b[8m@tab\\u2028two');
    expect(line).toContain('"bad PIN\\r\\u202eevil"');
    expect(line.split('\n')).toHaveLength(1);
  });

  it('leaves an ordinary entry as it was', () => {
    expect(formatAuditEntry(entry({ kind: 'login', who: { user: 'operator', role: 'operator', console: 'Browser console 5818' } }))).toBe('#29  2026-11-28T09:40:00.000Z  login  operator(operator)@Browser console 5818');
  });
});
