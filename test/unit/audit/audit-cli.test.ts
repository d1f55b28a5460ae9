import { mkdir, rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../main/cli/main';
import { listAuditFiles } from '../../../main/engine/audit/files';
import { editLine, readLines, tempDir, writeLines, writeLog } from '../../support/audit-files';

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: dataDir, cleanup } = await tempDir());
  await writeLog(`${dataDir}/audit`, 12, { maxFileBytes: 2048 });
});
afterEach(() => cleanup());

/** Runs the CLI in-process; resolves with exit code and captured lines. */
async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('rec-console audit', () => {
  it('verify: one ok line and exit 0 for the data directory and for a folder', async () => {
    const viaDataDir = await cli('audit', 'verify', '--data-dir', dataDir);
    expect(viaDataDir).toMatchObject({ code: 0, err: [] });
    expect(viaDataDir.out).toHaveLength(1);
    expect(viaDataDir.out[0]).toMatch(/: ok — \d+ entries in \d+ files, last seq \d+$/);
    expect((await cli('audit', 'verify', `${dataDir}/audit`)).code).toBe(0);
  });

  it('verify: one problem line with file:line and kind, exit 1', async () => {
    const [first] = (await listAuditFiles(`${dataDir}/audit`)) as [string];
    const lines = await readLines(first);
    await writeLines(first, [lines[1] as string, lines[0] as string, ...lines.slice(2)]);
    const result = await cli('audit', 'verify', first);
    expect(result.code).toBe(1);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(/^audit-\d{8}-001\.jsonl:1: reordered — .*\(0 entries verified before it\)$/);
  });

  it('verify: entries cut off the end while no console ran are found by the head mark; once recorded, the ok line says so', async () => {
    const newest = (await listAuditFiles(`${dataDir}/audit`)).at(-1) as string;
    await writeLines(newest, (await readLines(newest)).slice(0, -2));
    const cut = await cli('audit', 'verify', '--data-dir', dataDir);
    expect(cut.code).toBe(1);
    expect(cut.err).toEqual([expect.stringMatching(/:\d+: deleted — the log ends at seq \d+, but its head mark \(head\.json\) says it reached seq \d+: entries were cut off its end/)]);
    await writeLog(`${dataDir}/audit`, 1); // the next writer records the cut, then goes on
    const recorded = await cli('audit', 'verify', '--data-dir', dataDir);
    expect(recorded.code).toBe(0);
    expect(recorded.out[0]).toMatch(/: ok — .*, cut short 1 time before \(see its "truncated" entries\)$/);
  });

  it('verify: with its head mark gone the ok line says the end cannot be checked (a note, as an unreadable mark is: exit 0)', async () => {
    await rm(`${dataDir}/audit/head.json`);
    const newest = (await listAuditFiles(`${dataDir}/audit`)).at(-1) as string;
    await writeLines(newest, (await readLines(newest)).slice(0, -2)); // cut, and nothing left to tell
    const result = await cli('audit', 'verify', '--data-dir', dataDir);
    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.out).toEqual([expect.stringMatching(/: ok — .*, it has no head mark \(head\.json\), so its end cannot be checked: entries cut off it, or a deleted newest file, would not show$/)]);
    // A single file is never held to a mark: no note there.
    expect((await cli('audit', 'verify', newest)).out[0]).not.toContain('head mark');
  });

  it('verify and tail: an existing folder with no audit files and no audit/ inside says so, not "no such file"', async () => {
    const empty = `${dataDir}/empty`;
    await mkdir(empty);
    const verify = await cli('audit', 'verify', empty);
    expect(verify).toMatchObject({ code: 1, out: [], err: [`rec-console: ${empty}: no audit files here (audit-YYYYMMDD-NNN.jsonl)`] });
    expect(await cli('audit', 'tail', '3', '--path', empty)).toMatchObject({ code: 1, out: [], err: verify.err });
  });

  it('verify and tail: a folder without audit files (the data directory, say) is refused, pointing at the log, never "ok — 0 entries"', async () => {
    const verify = await cli('audit', 'verify', dataDir);
    expect(verify).toMatchObject({ code: 1, out: [] });
    expect(verify.err).toEqual([`rec-console: ${dataDir}: no audit files here (audit-YYYYMMDD-NNN.jsonl); the audit log is in ${dataDir}/audit`]);
    const tail = await cli('audit', 'tail', '3', '--path', dataDir);
    expect(tail).toMatchObject({ code: 1, out: [], err: [verify.err[0]] });
  });

  it('verify: a missing path is one line, exit 1, no stack trace', async () => {
    const result = await cli('audit', 'verify', `${dataDir}/nope`);
    expect(result).toMatchObject({ code: 1, out: [] });
    expect(result.err).toEqual([`rec-console: ${dataDir}/nope: no such file or directory`]);
  });

  it('tail: marks an entry that does not match its hash, and says where it is', async () => {
    const newest = (await listAuditFiles(`${dataDir}/audit`)).at(-1) as string;
    const lines = await readLines(newest);
    await writeLines(newest, [...lines.slice(0, -1), editLine(lines.at(-1) as string, (e) => (e.new = 9.99), false)]);
    const result = await cli('audit', 'tail', '2', '--data-dir', dataDir);
    expect(result.code).toBe(1); // shown, but not passed as sound
    expect(result.out[0]).not.toContain('NOT GENUINE');
    expect(result.out[1]).toMatch(/0\.21 → 9\.99 .*\[NOT GENUINE: does not match its hash\]$/);
    expect(result.err).toEqual([expect.stringMatching(new RegExp(`^${newest.split('/').at(-1)}:${lines.length}: seq \\d+ was changed after it was written`))]);
  });

  it('tail: a line that is not an entry is named on stderr, the rest shown, and the exit is 1', async () => {
    const newest = (await listAuditFiles(`${dataDir}/audit`)).at(-1) as string;
    const lines = await readLines(newest);
    await writeLines(newest, [...lines.slice(0, -1), 'not json at all']);
    const result = await cli('audit', 'tail', '2', '--data-dir', dataDir);
    expect(result.code).toBe(1);
    expect(result.out).toHaveLength(2);
    expect(result.err).toEqual([expect.stringMatching(new RegExp(`^${newest.split('/').at(-1)}:${lines.length}: not shown \\(`))]);
  });

  it('tail: the newest N entries as readable lines, or as JSON', async () => {
    const result = await cli('audit', 'tail', '3', '--data-dir', dataDir);
    expect(result.code).toBe(0);
    expect(result.out).toHaveLength(3);
    expect(result.out[2]).toMatch(/^#\d+ {2}\S+Z {2}write {2}ann\(operator\)@console-1 {2}crane-1\/gantry\.speed {2}0\.21 → 0\.51\d {2}ok {2}3\.5 ms$/);
    const json = await cli('audit', 'tail', '2', '--json', '--data-dir', dataDir);
    const seqs = json.out.map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs[1]).toBe((seqs[0] ?? 0) + 1);
    expect((await cli('audit', 'tail', '0', '--data-dir', dataDir)).code).toBe(2);
  });
});
