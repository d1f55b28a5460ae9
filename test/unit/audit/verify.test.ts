import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, GENESIS, auditDirOf, auditReaderFor, entryHash, verifyAudit, type AuditEntry } from '../../../main/engine/audit';
import { listAuditFiles } from '../../../main/engine/audit/files';
import { readHeadMark } from '../../../main/engine/audit/head-mark';
import { editLine, readLines, tempDir, writeEntry, writeLines, writeLog } from '../../support/audit-files';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
let lines: string[];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeLog(dir, 10);
  [file] = (await listAuditFiles(dir)) as [string];
  lines = await readLines(file);
});
afterEach(() => cleanup());

const hashOf = (line: string) => (JSON.parse(line) as AuditEntry).hash;

/** Writes `changed` over the log file and expects verify to name `kind` at `line`. */
async function expectProblem(changed: string[], kind: string, line: number): Promise<string> {
  await writeLines(file, changed);
  const result = await verifyAudit(dir);
  if (result.ok) throw new Error('verify passed a damaged log');
  expect(result.problem).toMatchObject({ kind, line, file: file.split('/').at(-1) });
  expect(result.count).toBeLessThan(10);
  return result.problem.message;
}

describe('verifyAudit', () => {
  it('passes an untouched log with its count, and the same file verified alone', async () => {
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, count: 10, lastSeq: 10, recoveries: 0 });
    expect(await verifyAudit(file)).toMatchObject({ ok: true, count: 10 });
    expect((JSON.parse(lines[0] as string) as AuditEntry).prev).toBe(GENESIS);
  });

  it('finds an edited entry at its line (hash mismatch)', async () => {
    const changed = [...lines];
    changed[4] = editLine(lines[4] as string, (e) => (e.new = 9.99), false);
    expect(await expectProblem(changed, 'edited', 5)).toContain('seq 5');
  });

  it('finds an edited and re-hashed entry: the next entry no longer follows it', async () => {
    const changed = [...lines];
    changed[4] = editLine(lines[4] as string, (e) => (e.new = 9.99), true);
    await expectProblem(changed, 'edited', 5);
  });

  it('finds a deleted entry in the middle and at the end but one', async () => {
    expect(await expectProblem(lines.filter((_, i) => i !== 4), 'deleted', 5)).toContain('seq 5');
    expect(await expectProblem(lines.filter((_, i) => i !== 8), 'deleted', 9)).toContain('seq 9');
  });

  it('finds the first entries deleted', async () => {
    expect(await expectProblem(lines.slice(2), 'deleted', 1)).toContain('seq 1..2');
  });

  it('finds an inserted forged entry, with a made-up seq or a plausible one', async () => {
    const forged = (seq: number) => editLine(lines[4] as string, (e) => ((e.seq = seq), (e.prev = hashOf(lines[3] as string)), (e.new = 42)), true);
    expect(await expectProblem([...lines.slice(0, 4), forged(999), ...lines.slice(4)], 'inserted', 5)).toContain('skips');
    await expectProblem([...lines.slice(0, 4), forged(5), ...lines.slice(4)], 'inserted', 5);
  });

  it('finds an inserted copy of an entry', async () => {
    await expectProblem([...lines.slice(0, 5), lines[4] as string, ...lines.slice(5)], 'inserted', 6);
  });

  it('finds swapped entries, in the middle and at the end', async () => {
    const swap = (a: number) => lines.map((l, i) => (i === a ? lines[a + 1] : i === a + 1 ? lines[a] : l) as string);
    expect(await expectProblem(swap(4), 'reordered', 5)).toContain('seq 6');
    await expectProblem(swap(8), 'reordered', 9);
  });

  it('finds an entry moved far back', async () => {
    const moved = [...lines.slice(0, 2), ...lines.slice(3, 8), lines[2] as string, ...lines.slice(8)];
    await expectProblem(moved, 'reordered', 3);
  });

  it('reports a torn last line as torn, never verified, with the entries before it counted', async () => {
    await writeLines(file, lines);
    const { appendFile } = await import('node:fs/promises');
    await appendFile(file, (lines[0] as string).slice(0, 40));
    const result = await verifyAudit(dir);
    expect(result).toMatchObject({ ok: false, count: 10, problem: { kind: 'torn', line: 11 } });
  });

  it('reports a line that is not an entry as malformed', async () => {
    await expectProblem([...lines.slice(0, 3), '{"hello":1}', ...lines.slice(3)], 'malformed', 4);
    await expectProblem([...lines.slice(0, 3), '', ...lines.slice(3)], 'malformed', 4);
  });

  it('hashes the canonical text, and takes a line only as the log writes it: keys reordered or respaced are an edit', async () => {
    const entry = JSON.parse(lines[2] as string) as AuditEntry;
    expect(entryHash(Object.fromEntries(Object.entries(entry).reverse()) as unknown as AuditEntry)).toBe(entry.hash);
    expect(entryHash({ ...entry, latencyMs: 3.6 })).not.toBe(entry.hash);
    const reordered = Object.fromEntries(Object.entries(entry).reverse());
    expect(await expectProblem([...lines.slice(0, 2), JSON.stringify(reordered), ...lines.slice(3)], 'edited', 3)).toContain('not stored as the log writes it');
    await expectProblem([...lines.slice(0, 2), JSON.stringify(entry, null, 1).replace(/\n/g, ''), ...lines.slice(3)], 'edited', 3);
  });

  it('finds a key written twice in a line, though the parsed entry (the later value) matches its hash', async () => {
    const doubled = (lines[4] as string).replace('{', '{"new":99,');
    expect((JSON.parse(doubled) as AuditEntry).hash).toBe(entryHash(JSON.parse(doubled) as AuditEntry));
    await expectProblem([...lines.slice(0, 4), doubled, ...lines.slice(5)], 'edited', 5);
  });
});

describe('verifyAudit across rotated files', () => {
  let rotated: string;
  let rotatedCleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir: rotated, cleanup: rotatedCleanup } = await tempDir());
    await writeLog(rotated, 60, { maxFileBytes: 4096, now: () => new Date('2025-03-01T10:00:00Z') });
  });
  afterEach(() => rotatedCleanup());

  it('keeps one chain over several files, each starting with a header naming the file before', async () => {
    const files = await listAuditFiles(rotated);
    expect(files.length).toBeGreaterThan(3);
    expect(files[1]).toMatch(/audit-20250301-002\.jsonl$/);
    const header = JSON.parse((await readLines(files[1] as string))[0] as string) as AuditEntry;
    const lastOfFirst = JSON.parse((await readLines(files[0] as string)).at(-1) as string) as AuditEntry;
    expect(header).toMatchObject({ kind: 'rotate', detail: { previousFile: 'audit-20250301-001.jsonl' }, prev: lastOfFirst.hash, seq: lastOfFirst.seq + 1 });
    const result = await verifyAudit(rotated);
    expect(result).toMatchObject({ ok: true, count: 60 + files.length - 1, files: files.map((f) => f.split('/').at(-1)) });
    expect(await verifyAudit(files[2] as string)).toMatchObject({ ok: true, continuesFrom: 'audit-20250301-002.jsonl' });
  });

  it('finds a deleted file at the first line of the file after it, and a missing first file', async () => {
    const files = await listAuditFiles(rotated);
    await rm(files[1] as string);
    const result = await verifyAudit(rotated);
    expect(result).toMatchObject({ ok: false, problem: { kind: 'deleted', line: 1, file: files[2]?.split('/').at(-1) } });
    if (!result.ok) expect(result.problem.message).toContain('audit-20250301-002.jsonl');
    await rm(files[0] as string);
    expect(await verifyAudit(rotated)).toMatchObject({ ok: false, problem: { kind: 'deleted', line: 1 } });
  });

  it('finds the last entry of a file deleted (the next file still names its hash)', async () => {
    const files = await listAuditFiles(rotated);
    const first = await readLines(files[0] as string);
    await writeLines(files[0] as string, first.slice(0, -1));
    expect(await verifyAudit(rotated)).toMatchObject({ ok: false, problem: { kind: 'deleted', line: 1, file: files[1]?.split('/').at(-1) } });
  });

  it('reads a missing path as an error, not as a verified log', async () => {
    await expect(verifyAudit(join(rotated, 'nope.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});

describe('audit.verify while the engine writes the log', () => {
  it('finds entries cut off the end of the newest file, and the newest file deleted, against the writer\'s own position', async () => {
    const { dir: dataDir, cleanup: done } = await tempDir();
    const log = await AuditLog.open({ dir: auditDirOf(dataDir), maxFileBytes: 4096 });
    try {
      for (let i = 0; i < 40; i++) await log.append(writeEntry(i));
      const reader = auditReaderFor(dataDir);
      expect(await reader.verify()).toMatchObject({ ok: true, lastSeq: log.position.seq });
      const files = await listAuditFiles(auditDirOf(dataDir));
      expect(files.length).toBeGreaterThan(2);
      const newest = files.at(-1) as string;
      const kept = await readLines(newest);
      await expect.poll(async () => ((await readHeadMark(auditDirOf(dataDir))) as { seq?: number } | undefined)?.seq).toBe(log.position.seq); // written just after the sync
      await writeLines(newest, kept.slice(0, -2)); // the last two entries cut off: the chain before them is intact
      expect(await verifyAudit(auditDirOf(dataDir))).toMatchObject({ ok: false, problem: { kind: 'deleted' } }); // offline: by the head mark
      const cut = await reader.verify();
      expect(cut).toMatchObject({ ok: false, problem: { kind: 'deleted', file: newest.split('/').at(-1), line: kept.length - 1 } });
      if (!cut.ok) expect(cut.problem.message).toContain(`up to seq ${log.position.seq}`);
      await rm(newest);
      expect(await reader.verify()).toMatchObject({ ok: false, problem: { kind: 'deleted' } });
    } finally {
      await log.close();
      await done();
    }
  });
});
