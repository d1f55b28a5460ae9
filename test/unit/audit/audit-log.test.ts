import { appendFile, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditError, AuditLog, readLastEntries, verifyAudit, type AuditEntry } from '../../../main/engine/audit';
import { listAuditFiles, nextAuditFileName } from '../../../main/engine/audit/files';
import { readLines, tempDir, writeEntry, writeLog } from '../../support/audit-files';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const MARCH = () => new Date('2025-03-01T10:00:00Z');
const entries = async (path = dir) => (await readLastEntries(path, 1e9)).entries;

describe('AuditLog', () => {
  it('acknowledges concurrent appends in call order, several per durable write (group commit)', async () => {
    const log = await AuditLog.open({ dir });
    const refs = await Promise.all(Array.from({ length: 300 }, (_, i) => log.append({ ...writeEntry(i), ref: i + 1 })));
    expect(refs.map((r) => r.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(log.stats.entries).toBe(300);
    expect(log.stats.batches).toBe(1); // appended in one task: one write, one sync
    await log.close();
    const stored = await entries();
    expect(stored.map((e) => e.ref)).toEqual(refs.map((r) => r.seq)); // order preserved
    expect(stored.at(-1)?.hash).toBe(refs.at(-1)?.hash);
  });

  it('makes one durable write per entry when appends come one at a time', async () => {
    const log = await AuditLog.open({ dir });
    for (let i = 0; i < 5; i++) await log.append(writeEntry(i));
    expect(log.stats).toEqual({ entries: 5, batches: 5 });
    await log.close();
  });

  it('continues seq and chain after reopening', async () => {
    await writeLog(dir, 3, {});
    const log = await AuditLog.open({ dir });
    expect(log.position.seq).toBe(3);
    expect((await log.append(writeEntry(3))).seq).toBe(4);
    await log.close();
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, count: 4 });
  });

  it('stores who, target, old/new, outcome and latency; non-finite values as text', async () => {
    const log = await AuditLog.open({ dir });
    await log.append({ kind: 'write', who: { user: 'bo', role: 'operator' }, target: { equipment: 'rig', tag: 'mast' }, old: 1, new: Number.NaN, outcome: { result: 'refused', stage: 'range', code: 'not-a-number', reason: 'NaN' } });
    await log.close();
    const [entry] = await entries();
    expect(entry).toMatchObject({ kind: 'write', who: { user: 'bo' }, new: 'NaN', outcome: { result: 'refused', stage: 'range' } });
    expect(entry?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('refuses bad entries with a clear error and stays healthy', async () => {
    const log = await AuditLog.open({ dir });
    const bad: unknown[] = [
      { kind: 'frobnicate' },
      { kind: 'recovered' },
      { kind: 'write', who: { role: 'operator' } },
      { kind: 'write', latencyMs: Number.POSITIVE_INFINITY },
      { kind: 'write', outcome: { result: 'maybe' } },
      { kind: 'write', target: { equipment: 3 } },
      { kind: 'write', detail: { blob: 'x'.repeat(70_000) } },
      { kind: 'write', new: () => 1 },
    ];
    for (const entry of bad) await expect(log.append(entry as never)).rejects.toBeInstanceOf(AuditError);
    expect(log.health).toEqual({ ok: true });
    expect((await log.append(writeEntry(0))).seq).toBe(1);
    await log.close();
  });

  it('rotates by size, keeping the chain, and reopens into the newest file', async () => {
    await writeLog(dir, 40, { maxFileBytes: 2048, now: MARCH });
    await writeLog(dir, 40, { maxFileBytes: 2048, now: MARCH });
    const files = await listAuditFiles(dir);
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) expect((await readFile(file)).length).toBeLessThanOrEqual(2048);
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, count: 80 + files.length - 1 });
  });

  it('moves a torn last line aside, records it, and verifies afterwards', async () => {
    await writeLog(dir, 5, {});
    const [file] = (await listAuditFiles(dir)) as [string];
    const torn = '{"seq":6,"time":"2025-03-01T10:00:00.000Z","kind":"wri';
    await appendFile(file, torn);
    expect(await verifyAudit(dir)).toMatchObject({ ok: false, count: 5, problem: { kind: 'torn', line: 6 } });
    const log = await AuditLog.open({ dir });
    expect(log.position.seq).toBe(6); // the recovered entry
    await log.close();
    expect(await readFile(`${file}.torn`, 'utf8')).toBe(torn);
    const last = (await entries()).at(-1) as AuditEntry;
    expect(last).toMatchObject({ seq: 6, kind: 'recovered', detail: { tornBytes: torn.length, afterSeq: 5, tornFile: `${file.split('/').at(-1)}.torn` } });
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, count: 6, recoveries: 1 });
  });

  it('recovers a torn first line of a just-rotated file, continuing from the file before', async () => {
    await writeLog(dir, 3, { now: MARCH });
    const next = join(dir, nextAuditFileName((await listAuditFiles(dir))[0], MARCH()));
    await writeFile(next, '{"seq":4,"ti');
    const log = await AuditLog.open({ dir, now: MARCH });
    await log.append(writeEntry(9));
    await log.close();
    expect((await entries()).map((e) => e.kind)).toEqual(['write', 'write', 'write', 'rotate', 'recovered', 'write']);
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, count: 6, recoveries: 1 });
    expect((await readdir(dir)).filter((n) => n.endsWith('.torn'))).toHaveLength(1);
  });

  it('refuses to open when the last complete entry is damaged', async () => {
    await writeLog(dir, 3, {});
    const [file] = (await listAuditFiles(dir)) as [string];
    const lines = await readLines(file);
    await writeFile(file, [...lines.slice(0, 2), lines[2]?.replace('"ann"', '"eve"')].join('\n') + '\n');
    await expect(AuditLog.open({ dir })).rejects.toThrow(/fails its hash/);
  });

  it('turns unhealthy on a failed write: pending appends rejected, later appends refused', async () => {
    await writeLog(dir, 1, { now: MARCH });
    // The next file is a full disk: its first write fails with ENOSPC.
    await symlink('/dev/full', join(dir, 'audit-20250301-002.jsonl'));
    const reasons: string[] = [];
    const log = await AuditLog.open({ dir, now: MARCH, maxFileBytes: 100, onUnhealthy: (r) => reasons.push(r) });
    const results = await Promise.allSettled([log.append(writeEntry(1)), log.append(writeEntry(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(log.health).toMatchObject({ ok: false, reason: expect.stringMatching(/ENOSPC/) });
    expect(reasons).toHaveLength(1);
    await expect(log.append(writeEntry(3))).rejects.toThrow(/unhealthy/);
    await log.close();
  });

  it('allows one writer per folder; a dead writer’s lock is taken over', async () => {
    const log = await AuditLog.open({ dir });
    await expect(AuditLog.open({ dir })).rejects.toThrow(/already open/);
    await log.close();
    await writeFile(join(dir, '.lock'), '999999999');
    const again = await AuditLog.open({ dir });
    await again.close();
  });

  it('names files by date, never going back when the clock does', () => {
    expect(nextAuditFileName(undefined, MARCH())).toBe('audit-20250301-001.jsonl');
    expect(nextAuditFileName('/x/audit-20250301-009.jsonl', MARCH())).toBe('audit-20250301-010.jsonl');
    expect(nextAuditFileName('/x/audit-20250301-999.jsonl', MARCH())).toBe('audit-20250301-1000.jsonl');
    expect(nextAuditFileName('/x/audit-20260101-004.jsonl', MARCH())).toBe('audit-20260101-005.jsonl');
    expect(nextAuditFileName('/x/audit-20250228-004.jsonl', MARCH())).toBe('audit-20250301-001.jsonl');
  });
});
