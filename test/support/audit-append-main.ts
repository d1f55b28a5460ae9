/**
 * Child process of the audit crash test: opens the log in --dir and appends --count write entries with --window
 * appends in flight, printing each acknowledged seq on its own stdout line (only after the append resolved, i.e.
 * after its fsync). Prints "open SEQ" first and "done" at the end. The parent SIGKILLs it at a random moment.
 */
import { parseArgs } from 'node:util';
import { AuditLog } from '../../main/engine/audit';
import { writeEntry } from './audit-files';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, count: { type: 'string', default: '10000' }, window: { type: 'string', default: '32' }, 'max-file-bytes': { type: 'string', default: String(1024 * 1024) } },
});
if (!values.dir) throw new Error('--dir is required');

const log = await AuditLog.open({ dir: values.dir, maxFileBytes: Number(values['max-file-bytes']) });
process.stdout.write(`open ${log.position.seq}\n`);
const count = Number(values.count);
let issued = 0;

async function appender(): Promise<void> {
  while (issued < count) {
    const i = issued++;
    const ref = await log.append(writeEntry(i));
    process.stdout.write(`${ref.seq}\n`);
  }
}

await Promise.all(Array.from({ length: Number(values.window) }, appender));
await log.close();
process.stdout.write('done\n');
