import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openForAppend } from '../../../main/engine/audit/files';
import { tempDir } from '../../support/audit-files';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

// O_DSYNC where the platform has it (each write durable on return), plain append elsewhere (the log then syncs).
describe.each([
  { mode: 'O_DSYNC', dsync: undefined, synced: process.platform !== 'win32' },
  { mode: 'write, then fdatasync', dsync: 0, synced: false },
])('openForAppend ($mode)', ({ dsync, synced }) => {
  it('creates a missing file and appends after what an existing one holds, never truncating it', async () => {
    const fresh = join(dir, 'fresh.jsonl');
    const first = await openForAppend(fresh, dsync);
    expect(first.syncedWrites).toBe(synced);
    await first.handle.write('{"a":1}\n');
    await first.handle.close();
    const again = await openForAppend(fresh, dsync);
    await again.handle.write('{"b":2}\n');
    if (!again.syncedWrites) await again.handle.datasync();
    await again.handle.close();
    expect(await readFile(fresh, 'utf8')).toBe('{"a":1}\n{"b":2}\n');

    const existing = join(dir, 'existing.jsonl');
    await writeFile(existing, 'kept\n');
    const out = await openForAppend(existing, dsync);
    await out.handle.write('added\n');
    await out.handle.close();
    expect(await readFile(existing, 'utf8')).toBe('kept\nadded\n');
  });
});
