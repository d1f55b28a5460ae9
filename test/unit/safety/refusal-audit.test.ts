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
    expect(written).toHaveLength(5); // three stops, the first jog.hold (a kind not seen yet), the other session's stop
    vi.advanceTimersByTime(1000);
    expect(written.slice(5)).toEqual([
      { kind: 'stop', console: 'ws:50123', target: 'stop', outcome: 'refused', stage: 'authorise', code: 'not-logged-in', reason: '47 more refused requests of kind stop not recorded one by one (stop needs a login (stop))', detail: { suppressed: 47, from: '1970-01-01T00:00:00.000Z', to: '1970-01-01T00:00:00.000Z' } },
      expect.objectContaining({ target: 'jog.hold', reason: expect.stringContaining('4 more refused requests of kind jog.hold'), detail: expect.objectContaining({ suppressed: 4 }) }),
    ]);
    await audit.record(1, refusal('stop'));
    expect(written).toHaveLength(8);
    expect(written[7]).toEqual(refusal('stop'));
  });

  it('writes what was counted when the session ends, and keeps at most a fixed number of summaries however many targets', async () => {
    const written: AuditRecord[] = [];
    const audit = new RefusalAudit(async (r) => void written.push(r), { perInterval: 1, intervalMs: 60_000 });
    await audit.record(1, refusal('stop'));
    for (let i = 0; i < 1000; i++) await audit.record(1, refusal(`no-such-command-${i}`, 'not-found'));
    expect(written).toHaveLength(16); // the first of each kind, up to 16 kinds
    await audit.end(1);
    const summaries = written.slice(16);
    expect(summaries.length).toBeLessThanOrEqual(16);
    expect(summaries.reduce((n, r) => n + Number(r.detail?.suppressed), 0)).toBe(985);
    await audit.end(1); // nothing left: nothing more
    expect(written).toHaveLength(16 + summaries.length);
  });

  it('a refused stop after a flood of other refusals is on record at once, in full, and never folded in with writes', async () => {
    const written: AuditRecord[] = [];
    const audit = new RefusalAudit(async (r) => void written.push(r), { perInterval: 10, intervalMs: 60_000 });
    const write = (i: number): AuditRecord => ({ kind: 'write', console: 'ws:50123', target: `tag-${i}`, outcome: 'refused', stage: 'authorise', code: 'not-logged-in', reason: 'needs a login' });
    for (let i = 0; i < 200; i++) await audit.record(1, write(i));
    const stop = { ...refusal('stop'), equipment: 'sts-crane-1' };
    await audit.record(1, stop);
    expect(written).toContainEqual(stop); // not only in a summary, later
    for (let i = 0; i < 5; i++) await audit.record(1, { ...stop, equipment: `crane-${i}` });
    await audit.end(1);
    const kinds = written.filter((r) => r.target === '(various)').map((r) => r.kind);
    expect(kinds).not.toContain(undefined);
    expect(written.filter((r) => r.kind === 'stop').every((r) => r.kind === 'stop')).toBe(true);
    expect(written.some((r) => r.target === '(various)' && r.kind === 'write' && String(r.reason).includes('stop'))).toBe(false);
  });

  it('forgets the window of a session that is gone once its interval ends', async () => {
    vi.useFakeTimers({ now: 0 });
    const audit = new RefusalAudit(async () => undefined, { perInterval: 10, intervalMs: 1000 });
    await audit.end(7);
    await audit.record(7, refusal('stop')); // a refusal still on its way when the session closed
    vi.advanceTimersByTime(1000);
    expect((audit as unknown as { sessions: Map<number, unknown> }).sessions.size).toBe(0);
  });
});

describe('refusal audit across sessions', () => {
  const write = (i: number, target = 'crane.setWindLimit'): AuditRecord => ({ kind: 'write', console: `ws:${50_000 + i}`, target, outcome: 'refused', stage: 'authorise', code: 'not-logged-in', reason: 'needs a login' });

  it('bounds what a reconnect loop writes: past the engine-wide allowance every session is counted in one engine-wide summary', async () => {
    vi.useFakeTimers({ now: 0 });
    const written: AuditRecord[] = [];
    const audit = new RefusalAudit(async (r) => void written.push(r), { perInterval: 10, intervalMs: 1000, enginePerInterval: 20 });
    // 500 sessions, each refused three times and gone: each would have had a fresh allowance of its own.
    for (let session = 0; session < 500; session++) {
      for (let k = 0; k < 3; k++) await audit.record(session, write(session));
      await audit.end(session);
    }
    expect(written).toHaveLength(20);
    vi.advanceTimersByTime(1000);
    const summaries = written.slice(20);
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.length).toBeLessThanOrEqual(16); // one per kind, the kinds bounded
    expect(summaries.reduce((n, r) => n + Number(r.detail?.suppressed), 0)).toBe(1500 - 20);
    expect(summaries.find((r) => r.target === '(various)')).toMatchObject({ console: '(various)' });
    // The next interval has its allowance again.
    await audit.record(1000, write(1000));
    expect(written.at(-1)).toEqual(write(1000));
  });

  it('refused logins from a reconnect loop share the engine-wide allowance: the user name they carry is the client\'s choice', async () => {
    const written: AuditRecord[] = [];
    const audit = new RefusalAudit(async (r) => void written.push(r), { perInterval: 10, intervalMs: 60_000, enginePerInterval: 20 });
    const login = (session: number, k: number): AuditRecord => ({ kind: 'login-refused', user: `guess-${session}-${k}`, console: `ws:${session}`, outcome: 'refused', code: 'bad-credentials', reason: 'Wrong user name or PIN' });
    for (let session = 0; session < 100; session++) {
      for (let k = 0; k < 10; k++) await audit.record(session, login(session, k));
      await audit.end(session);
    }
    expect(written.filter((r) => r.kind === 'login-refused' && !r.detail)).toHaveLength(20);
  });

  it("an operator's refused stop stays on record, in full, while a token holder floods refused stops from new connections", async () => {
    vi.useFakeTimers({ now: 0 });
    const written: AuditRecord[] = [];
    const audit = new RefusalAudit(async (r) => void written.push(r)); // the engine's defaults
    for (let session = 0; session < 150; session++) {
      await audit.record(session, { ...refusal('stop'), console: `ws:${50_000 + session}`, equipment: 'sts-crane-1' });
      await audit.end(session);
    }
    expect(written.length).toBeLessThan(150); // the flood itself is bounded
    const operatorStop: AuditRecord = { kind: 'stop', console: 'electron', user: 'op1', role: 'operator', target: 'stop', equipment: 'rtg-7', outcome: 'refused', stage: 'gate', code: 'link-unsafe', reason: 'link unsafe' };
    await audit.record(999, operatorStop);
    expect(written.at(-1)).toEqual(operatorStop);
    await audit.endAll();
    expect(written.filter((r) => r.user === 'op1')).toEqual([operatorStop]);
  });

  it('a flood of refused writes from many sessions leaves the stops of the interval their own engine-wide allowance', async () => {
    const written: AuditRecord[] = [];
    const audit = new RefusalAudit(async (r) => void written.push(r), { perInterval: 10, intervalMs: 60_000, enginePerInterval: 5 });
    for (let session = 0; session < 50; session++) await audit.record(session, write(session));
    const stop = { ...refusal('stop'), equipment: 'sts-crane-1' };
    await audit.record(99, stop);
    expect(written.filter((r) => r.kind === 'write')).toHaveLength(5);
    expect(written).toContainEqual(stop);
  });
});
