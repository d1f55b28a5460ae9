import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockAuditDir } from '../../../main/engine/audit/lock';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
const fresh = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rec-audit-lock-'));
  dirs.push(dir);
  return dir;
};

describe('audit writer lock', () => {
  it('is created holding this pid in one step (no file of its own left behind), and released', async () => {
    const dir = await fresh();
    const release = await lockAuditDir(dir);
    expect(await readFile(join(dir, '.lock'), 'utf8')).toBe(String(process.pid));
    expect(await readdir(dir)).toEqual(['.lock']);
    await expect(lockAuditDir(dir)).rejects.toThrow(/already open in this process/);
    await release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a lock a live process holds, and takes over a dead writer\'s', async () => {
    const dir = await fresh();
    await writeFile(join(dir, '.lock'), String(process.ppid)); // alive: the test runner's parent
    await expect(lockAuditDir(dir)).rejects.toThrow(`in use by process ${process.ppid}`);
    await writeFile(join(dir, '.lock'), '2147483646'); // no such process
    const release = await lockAuditDir(dir);
    expect(await readFile(join(dir, '.lock'), 'utf8')).toBe(String(process.pid));
    await release();
  });
});
