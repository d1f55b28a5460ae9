/**
 * The head mark (head.json): how far the log reached, so a log cut short while no console had it open is found by
 * `audit verify` offline and recorded by the next writer, while a mark a crash left behind the log is no alarm.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, verifyAudit, type AuditEntry } from '../../../main/engine/audit';
import { listAuditFiles } from '../../../main/engine/audit/files';
import { HEAD_MARK_FILE, headMarkBytes, readHeadMark, type HeadMark } from '../../../main/engine/audit/head-mark';
import { createMemoryLogger } from '../../../main/engine/log';
import { lazyAuditSink } from '../../../main/engine/safety/lazy-audit';
import { readLines, tempDir, writeEntry, writeLines, writeLog } from '../../support/audit-files';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  let root: string;
  ({ dir: root, cleanup } = await tempDir());
  dir = join(root, 'audit');
});
afterEach(() => cleanup());

const entriesOf = async (): Promise<AuditEntry[]> => (await Promise.all((await listAuditFiles(dir)).map(readLines))).flat().map((l) => JSON.parse(l) as AuditEntry);
const newestFile = async () => (await listAuditFiles(dir)).at(-1) as string;
const putMark = (mark: HeadMark) => writeFile(join(dir, HEAD_MARK_FILE), headMarkBytes(mark));

/** Opens the log again, appends one entry, closes it; the entries it wrote. */
async function reopenAndAppend(): Promise<AuditEntry[]> {
  const before = (await entriesOf()).length;
  const log = await AuditLog.open({ dir });
  await log.append(writeEntry(99));
  await log.close();
  return (await entriesOf()).slice(before);
}

describe('the audit head mark', () => {
  it('follows every durable batch: after close it names the last entry, its hash and its file', async () => {
    await writeLog(dir, 10);
    const last = (await entriesOf()).at(-1) as AuditEntry;
    expect(await readHeadMark(dir)).toEqual({ seq: 10, hash: last.hash, file: (await newestFile()).split('/').at(-1) });
    expect((await readFile(join(dir, HEAD_MARK_FILE))).byteLength).toBe(256);
  });

  it('entries cut off the end while no console had the log open: verify names them; the next writer records them missing', async () => {
    await writeLog(dir, 10);
    const newest = await newestFile();
    await writeLines(newest, (await readLines(newest)).slice(0, -3));
    const found = await verifyAudit(dir);
    expect(found).toMatchObject({ ok: false, problem: { kind: 'deleted' } });
    if (!found.ok) expect(found.problem.message).toContain(`the log ends at seq 7, but its head mark (${HEAD_MARK_FILE}) says it reached seq 10`);

    const written = await reopenAndAppend();
    expect(written.map((e) => e.kind)).toEqual(['truncated', 'write']);
    expect(written[0]).toMatchObject({ seq: 8, detail: { afterSeq: 7, markedSeq: 10 } });
    expect(String(written[0]?.detail?.reason)).toContain('the entries after seq 7 are missing');
    // The chain goes on from what is left, with the cut on record in it.
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, lastSeq: 9, truncations: 1 });
  });

  it('the engine says so in its log when the console opens a log cut short (at its first audited action)', async () => {
    await writeLog(dir, 5);
    const newest = await newestFile();
    await writeLines(newest, (await readLines(newest)).slice(0, -1));
    const log = createMemoryLogger();
    const sink = lazyAuditSink(join(dir, '..'), log);
    await sink.append({ kind: 'write', user: 'ann', outcome: 'ok' });
    await sink.close?.();
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 'error', code: 'audit.cut-short', message: expect.stringContaining('the entries after seq 4 are missing') }));
  });

  it('the newest file deleted: verify names it; the next writer records it', async () => {
    await writeLog(dir, 30, { maxFileBytes: 2048 });
    const files = await listAuditFiles(dir);
    expect(files.length).toBeGreaterThan(2);
    const lastBefore = JSON.parse((await readLines(files.at(-2) as string)).at(-1) as string) as AuditEntry;
    const reached = (await entriesOf()).at(-1)?.seq; // 30 entries and a rotation header per file after the first
    await rm(files.at(-1) as string);
    expect(await verifyAudit(dir)).toMatchObject({ ok: false, problem: { kind: 'deleted' } });
    const written = await reopenAndAppend();
    expect(written[0]).toMatchObject({ kind: 'truncated', detail: { afterSeq: lastBefore.seq, markedSeq: reached } });
  });

  it('a mark naming an entry the log holds with another hash: the end was replaced', async () => {
    await writeLog(dir, 6);
    const mark = (await readHeadMark(dir)) as HeadMark;
    await putMark({ ...mark, hash: 'f'.repeat(64) });
    const found = await verifyAudit(dir);
    expect(found).toMatchObject({ ok: false, problem: { kind: 'edited' } });
    if (!found.ok) expect(found.problem.message).toContain(`its head mark (${HEAD_MARK_FILE}) names`);
    const written = await reopenAndAppend();
    expect(written[0]).toMatchObject({ kind: 'truncated', detail: { afterSeq: 6, markedSeq: 6 } });
    expect(String(written[0]?.detail?.reason)).toContain('its hash differs');
  });

  it('a mark behind the log (a crash before it was rewritten) is no alarm', async () => {
    await writeLog(dir, 10);
    const fifth = (await entriesOf())[4] as AuditEntry;
    await putMark({ seq: 5, hash: fifth.hash, file: (await newestFile()).split('/').at(-1) as string });
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, lastSeq: 10, truncations: 0 });
    expect((await reopenAndAppend()).map((e) => e.kind)).toEqual(['write']);
  });

  it('a log without a mark (written before marks) and an unreadable mark verify as before, and the next writer writes a good one', async () => {
    await writeLog(dir, 4);
    await rm(join(dir, HEAD_MARK_FILE));
    expect(await verifyAudit(dir)).toEqual(expect.objectContaining({ ok: true, lastSeq: 4 }));
    expect((await reopenAndAppend()).map((e) => e.kind)).toEqual(['write']);

    await writeFile(join(dir, HEAD_MARK_FILE), 'not a mark, and longer than a mark is: '.repeat(20));
    const result = await verifyAudit(dir);
    expect(result).toMatchObject({ ok: true, lastSeq: 5, headMarkUnreadable: `${HEAD_MARK_FILE} does not hold a head mark` });
    expect((await reopenAndAppend()).map((e) => e.kind)).toEqual(['write']);
    expect(await readHeadMark(dir)).toMatchObject({ seq: 6 });
    expect((await readFile(join(dir, HEAD_MARK_FILE))).byteLength).toBe(256); // the longer text's tail is gone
  });

  it('an older mark naming the very cut a truncated entry records is no alarm: not in verify, not at the next open', async () => {
    await writeLog(dir, 10);
    const oldMark = await readFile(join(dir, HEAD_MARK_FILE));
    const newest = await newestFile();
    await writeLines(newest, (await readLines(newest)).slice(0, -3));
    const log = await AuditLog.open({ dir }); // records the cut as seq 8; seqs 9, 10 then name new entries
    await log.append(writeEntry(1));
    await log.append(writeEntry(2));
    await log.close();
    // A power cut before the newer marks reached the disk would leave the old one (10, and the old hash of 10).
    await writeFile(join(dir, HEAD_MARK_FILE), oldMark);
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, lastSeq: 10, truncations: 1 });
    expect((await reopenAndAppend()).map((e) => e.kind)).toEqual(['write']);

    // And with nothing after the truncated entry (the power cut right after it was made durable).
    await writeLog(join(dir, '..', 'second'), 6);
    dir = join(dir, '..', 'second');
    const second = await readFile(join(dir, HEAD_MARK_FILE));
    const file = await newestFile();
    await writeLines(file, (await readLines(file)).slice(0, -2));
    await (await AuditLog.open({ dir })).close();
    await writeFile(join(dir, HEAD_MARK_FILE), second);
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, lastSeq: 5, truncations: 1 });
    expect((await reopenAndAppend()).map((e) => e.kind)).toEqual(['write']);
  });

  it('a mark that cannot be opened leaves the log working, and says so once', async () => {
    await mkdir(join(dir, HEAD_MARK_FILE), { recursive: true }); // a folder where the mark should be
    const problems: string[] = [];
    const log = await AuditLog.open({ dir, onHeadMarkProblem: (reason) => problems.push(reason) });
    await log.append(writeEntry(1));
    await log.append(writeEntry(2));
    await log.close();
    expect(problems).toEqual([expect.stringContaining(`cannot open ${HEAD_MARK_FILE}`)]);
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, lastSeq: 2, headMarkUnreadable: expect.any(String) });
  });

  it('a mark whose fields fail their check (met half rewritten, or edited) is unreadable, not believed', async () => {
    await writeLog(dir, 3);
    const text = (await readFile(join(dir, HEAD_MARK_FILE), 'utf8')).replace('"seq":3', '"seq":9');
    await writeFile(join(dir, HEAD_MARK_FILE), text);
    expect(await readHeadMark(dir)).toEqual({ unreadable: `${HEAD_MARK_FILE} does not hold a head mark` });
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, lastSeq: 3 });
  });

  it('verify beside a console that is writing never reports a cut that is not there (the mark is read before the files)', async () => {
    const log = await AuditLog.open({ dir, maxFileBytes: 8192 });
    const verdicts: string[] = [];
    try {
      let writing = true;
      const appends = (async () => {
        for (let i = 0; i < 600; i++) await Promise.all([log.append(writeEntry(i)), log.append(writeEntry(i + 1))]);
        writing = false;
      })();
      while (writing) {
        const result = await verifyAudit(dir);
        // A line being appended this instant reads as a torn tail of the newest file (audit.verify looks again): never a cut.
        verdicts.push(result.ok ? 'ok' : result.problem.kind === 'torn' && result.problem.file === result.files.at(-1) ? 'ok' : `${result.problem.kind}: ${result.problem.message}`);
      }
      await appends;
    } finally {
      await log.close();
    }
    expect(verdicts.length).toBeGreaterThan(3);
    expect(verdicts.filter((v) => v !== 'ok')).toEqual([]);
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, lastSeq: log.position.seq });
  });
});
