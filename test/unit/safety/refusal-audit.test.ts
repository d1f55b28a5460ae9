/** Refusals audited per session: the first few per interval in full, the rest as summary records, never unbounded. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../../main/engine/safety/command-context';
import { RefusalAudit } from '../../../main/engine/safety/refusal-audit';

const refusal = (target: string, code = 'not-logged-in'): AuditRecord => ({ kind: 'stop', console: 'ws:50123', target, outcome: 'refused', stage: 'authorise', code, reason: `${target} needs a login (stop)` });

afterEach(() => vi.useRealTimers());

describe('refusal audit', () => {
  it('records the first refusals of an interval in full, summarises the rest when it ends, then records in full again', async () => {
    vi.useFakeTimers({ now: 0 });
    const written: AuditRecord[] = [];
    const audit = new RefusalAudit(async (r) => void written.push(r), { perInterval: 3, intervalMs: 1000 });
    for (let i = 0; i < 50; i++) await audit.record(1, refusal('stop'));
    for (let i = 0; i < 5; i++) await audit.record(1, refusal('jog.hold'));
    await audit.record(2, refusal('stop')); // another session has its own allowance
    expect(written).toHaveLength(4);
    vi.advanceTimersByTime(1000);
    expect(written.slice(4)).toEqual([
      { kind: 'stop', console: 'ws:50123', target: 'stop', outcome: 'refused', stage: 'authorise', code: 'not-logged-in', reason: '47 more refused requests of kind stop not recorded one by one (stop needs a login (stop))', detail: { suppressed: 47, from: '1970-01-01T00:00:00.000Z', to: '1970-01-01T00:00:00.000Z' } },
      expect.objectContaining({ target: 'jog.hold', reason: expect.stringContaining('5 more refused requests of kind jog.hold'), detail: expect.objectContaining({ suppressed: 5 }) }),
    ]);
    await audit.record(1, refusal('stop'));
    expect(written).toHaveLength(7);
    expect(written[6]).toEqual(refusal('stop'));
  });

  it('writes what was counted when the session ends, and keeps at most a fixed number of summaries however many targets', async () => {
    const written: AuditRecord[] = [];
    const audit = new RefusalAudit(async (r) => void written.push(r), { perInterval: 1, intervalMs: 60_000 });
    await audit.record(1, refusal('stop'));
    for (let i = 0; i < 1000; i++) await audit.record(1, refusal(`no-such-command-${i}`, 'not-found'));
    expect(written).toHaveLength(1);
    await audit.end(1);
    const summaries = written.slice(1);
    expect(summaries.length).toBeLessThanOrEqual(16);
    expect(summaries.reduce((n, r) => n + Number(r.detail?.suppressed), 0)).toBe(1000);
    await audit.end(1); // nothing left: nothing more
    expect(written).toHaveLength(1 + summaries.length);
  });
});
