/** One writer per audit directory: a lock file holding the writer's pid (a dead writer's lock is taken over). */
import { readFile, rm, writeFile } from 'node:fs/promises';
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

/** Takes the directory's writer lock; resolves with its release. Two writers would fork the chain. */
export async function lockAuditDir(dir: string): Promise<() => Promise<void>> {
  const key = resolve(dir);
  if (heldHere.has(key)) throw new AuditError(`${dir}: the audit log is already open in this process`);
  const lockFile = join(dir, '.lock');
  try {
    await writeFile(lockFile, String(process.pid), { flag: 'wx' });
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
