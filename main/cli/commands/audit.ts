/** `rec-console audit verify [PATH]` and `rec-console audit tail [N]`: check and read the audit log. */
import { join } from 'node:path';
import type { CliCommand } from '../command';
import { CliError } from '../cli-error';
import { defaultDataDir } from '../../engine/data-dir';

/** The audit module, loaded on use. */
const loadAudit = () => import('../../engine/audit');

interface AuditOptions {
  dataDir?: string;
  json?: boolean;
}

/** The file or folder named, else the data directory's audit folder. */
function target(path: string | undefined, options: AuditOptions): string {
  return path ?? join(options.dataDir ?? defaultDataDir(), 'audit');
}

/** Reading errors as one line (a missing path is the common one). */
async function readable<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${path}: no such file or directory`);
    if (code === 'EACCES' || code === 'EPERM') throw new CliError(`${path}: permission denied`);
    if (code === 'EISDIR' || code === 'ENOTDIR') throw new CliError(`${path}: not an audit file or folder`);
    throw error;
  }
}

/**
 * Refuses a folder that holds no audit file: "ok — 0 entries" would pass a verifier over nothing (a data directory
 * given instead of its audit folder, a wrong path). Points at the audit folder inside it when there is one.
 */
async function mustHoldAuditFiles(where: string): Promise<void> {
  const { isDirectory, listAuditFiles } = await loadAudit();
  if (!(await isDirectory(where)) || (await listAuditFiles(where)).length > 0) return;
  const inside = join(where, 'audit');
  // Only a hint: a folder with no audit/ inside (or one that cannot be read) just goes without it.
  const logInside = await isDirectory(inside).then((dir) => dir && listAuditFiles(inside).then((files) => files.length > 0)).catch(() => false);
  const hint = logInside ? `; the audit log is in ${inside}` : '';
  throw new CliError(`${where}: no audit files here (audit-YYYYMMDD-NNN.jsonl)${hint}`);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const entries = (n: number) => plural(n, 'entry', 'entries');

/** The `audit` command with verify and tail. */
export const auditCommand: CliCommand = {
  register(program, io, setExit) {
    const audit = program.command('audit').description('verify and read the hash-chained audit log');
    audit
      .command('verify')
      .description('check the hash chain of an audit file or folder; prints the first problem as file:line kind')
      .argument('[path]', 'audit file or folder (default: the data directory\'s audit folder)')
      .option('--data-dir <dir>', 'data directory (holds audit/)')
      .action(async (path: string | undefined, options: AuditOptions) => {
        const where = target(path, options);
        const { verifyAudit } = await loadAudit();
        await readable(where, () => mustHoldAuditFiles(where));
        const result = await readable(where, () => verifyAudit(where));
        if (!result.ok) {
          const { file, line, kind, message } = result.problem;
          io.err(`${file}:${line}: ${kind} — ${message} (${entries(result.count)} verified before it)`);
          return setExit(1);
        }
        const notes = [`${entries(result.count)} in ${plural(result.files.length, 'file')}`, `last seq ${result.lastSeq}`];
        if (result.recoveries > 0) notes.push(`${plural(result.recoveries, 'torn tail')} recovered`);
        if (result.truncations > 0) notes.push(`cut short ${plural(result.truncations, 'time')} before (see its "truncated" entries)`);
        if (result.headMarkMissing) notes.push(`it has no head mark (head.json), so its end cannot be checked: entries cut off it, or a deleted newest file, would not show`);
        if (result.headMarkUnreadable) notes.push(`its head mark could not be read, so entries cut off its end would not show (${result.headMarkUnreadable})`);
        if (result.continuesFrom) notes.push(`continues from ${result.continuesFrom} (not checked here)`);
        io.out(`${where}: ok — ${notes.join(', ')}`);
      });
    audit
      .command('tail')
      .description('print the newest audit entries, one readable line each; exits 1 when an entry does not match its hash or a line cannot be read')
      .argument('[count]', 'how many entries', '20')
      .option('--data-dir <dir>', 'data directory (holds audit/)')
      .option('--path <path>', 'audit file or folder instead of the data directory\'s')
      .option('--json', 'print the stored JSON lines')
      .action(async (count: string, options: AuditOptions & { path?: string }) => {
        const n = Number(count);
        if (!Number.isSafeInteger(n) || n < 1) throw new CliError(`count must be a whole number ≥ 1, not "${count}"`, 2);
        const where = target(options.path, options);
        const { readLastEntries, formatAuditEntry } = await loadAudit();
        await readable(where, () => mustHoldAuditFiles(where));
        const tail = await readable(where, () => readLastEntries(where, n));
        const changed = new Set(tail.mismatched.map((m) => m.seq));
        for (const entry of tail.entries) {
          const flag = changed.has(entry.seq) ? '  [NOT GENUINE: does not match its hash]' : '';
          io.out(options.json ? JSON.stringify(entry) : `${formatAuditEntry(entry)}${flag}`);
        }
        for (const bad of tail.unreadable) io.err(`${bad.file}:${bad.line}: not shown (${bad.reason})`);
        for (const m of tail.mismatched) io.err(`${m.file}:${m.line}: seq ${m.seq} was changed after it was written (it does not match its hash); run "rec-console audit verify"`);
        // Shown, but not passed as sound: a script reading the tail must not take a changed or unreadable log for a good one.
        if (tail.mismatched.length > 0 || tail.unreadable.length > 0) setExit(1);
      });
  },
};
