/** Reading the newest audit entries back for the audit view: across rotated files, by kind, bounded, damage counted. */
import { appendFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, auditReaderFor, readRecentEntries } from '../../../main/engine/audit';
import { listAuditFiles } from '../../../main/engine/audit/files';
import { editLine, readLines, tempDir, writeEntry, writeLines } from '../../support/audit-files';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  // 30 entries over several small files: every third an alarm ack.
  const log = await AuditLog.open({ dir: `${dir}/audit`, maxFileBytes: 2048 });
  for (let i = 0; i < 30; i++) {
    if (i % 3 === 0) await log.append({ kind: 'alarm-ack', who: { user: `op${i}` }, target: { equipment: 'crane-1', command: 'crane-1/wind' }, outcome: { result: 'ok' } });
    else await log.append(writeEntry(i));
  }
  await log.close();
});
afterEach(() => cleanup());

describe('readRecentEntries', () => {
  it('returns the newest entries newest first, across rotated files', async () => {
    expect((await listAuditFiles(`${dir}/audit`)).length).toBeGreaterThan(2);
    const { entries, unreadable } = await readRecentEntries(`${dir}/audit`, 12);
    expect(unreadable).toBe(0);
    const seqs = entries.map((e) => e.seq);
    const last = seqs[0] as number;
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => last - i));
  });

  it('filters by kind and stops once it has enough', async () => {
    const { entries, scanned } = await readRecentEntries(`${dir}/audit`, 3, new Set(['alarm-ack']));
    expect(entries.map((e) => e.who?.user)).toEqual(['op27', 'op24', 'op21']);
    expect(scanned).toBeLessThan(12);
  });

  it('gives up after maxScan entries, so a rare kind never reads the whole history', async () => {
    const { entries, scanned } = await readRecentEntries(`${dir}/audit`, 5, new Set(['trust']), 10);
    expect(entries).toEqual([]);
    expect(scanned).toBe(10);
  });

  it('counts a damaged line and skips an unfinished last line', async () => {
    const files = await listAuditFiles(`${dir}/audit`);
    const newest = files.at(-1) as string;
    const lines = await readLines(newest);
    await writeLines(newest, [...lines.slice(0, -1), '{"seq": broken', lines.at(-1) as string]);
    await appendFile(newest, '{"seq": 999, "half');
    const { entries, unreadable } = await readRecentEntries(`${dir}/audit`, 5);
    expect(unreadable).toBe(1);
    expect(entries).toHaveLength(5);
  });
});

describe('entries changed after they were written', () => {
  it('are shown flagged and counted: one edited without re-hashing, one with a key written twice', async () => {
    const newest = (await listAuditFiles(`${dir}/audit`)).at(-1) as string;
    const lines = await readLines(newest);
    const edited = editLine(lines.at(-1) as string, (e) => (e.new = 9.99), false);
    const doubled = (lines.at(-2) as string).replace('{', '{"new":99,'); // JSON.parse keeps the later, genuine value
    await writeLines(newest, [...lines.slice(0, -2), doubled, edited]);
    const { entries, mismatched } = await readRecentEntries(`${dir}/audit`, 3);
    expect(mismatched).toBe(2);
    expect(entries.map((e) => e.hashMismatch)).toEqual([true, true, undefined]);
    expect(entries[0]).toMatchObject({ new: 9.99 });
    expect((await auditReaderFor(dir).recent(1)).entries[0]).toMatchObject({ hashMismatch: true });
  });
});

describe('auditReaderFor', () => {
  it('reads nothing (no error) before the first entry, and says why without a data directory', async () => {
    expect(await auditReaderFor(`${dir}/never-written`).recent(5)).toEqual({ entries: [], unreadable: 0, scanned: 0, mismatched: 0 });
    await expect(auditReaderFor('').recent(5)).rejects.toThrow('without a data directory');
    expect((await auditReaderFor(dir).recent(2, ['alarm-ack'])).entries.map((e) => e.kind)).toEqual(['alarm-ack', 'alarm-ack']);
  });
});
