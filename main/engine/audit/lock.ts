/** One writer per audit directory: a lock file holding the writer's pid (a dead writer's lock is taken over). */
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AuditError } from './entry';

const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates `lockFile` holding this process's pid in one step: written to a file of its own, then linked to the lock's
 * name (which fails if it exists). Created empty and written after, another engine starting at the same moment could
 * read it empty, take it for a dead writer's and take it over: two writers would fork the chain.
 */
async function createWithPid(lockFile: string): Promise<void> {
  const own = `${lockFile}.${process.pid}.${Date.now()}`;
  await writeFile(own, String(process.pid), { flag: 'wx' });
  try {
    await link(own, lockFile);
  } finally {
    await rm(own, { force: true });
  }
}

/** Takes the directory's writer lock; resolves with its release. Two writers would fork the chain. */
export async function lockAuditDir(dir: string): Promise<() => Promise<void>> {
  const key = resolve(dir);
  if (heldHere.has(key)) throw new AuditError(`${dir}: the audit log is already open in this process`);
  const lockFile = join(dir, '.lock');
  try {
    await createWithPid(lockFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const pid = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new AuditError(`${dir}: the audit log is in use by process ${pid}`);
    }
    await writeFile(lockFile, String(process.pid)); // the previous writer died without releasing it
  }
  heldHere.add(key);
  return async () => {
    heldHere.delete(key);
    await rm(lockFile, { force: true });
  };
}
