import { readFile, readdir, readlink, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../../main/engine/audit';
import { listAuditFiles, openForAppend } from '../../../main/engine/audit/files';
import { tempDir, writeEntry } from '../../support/audit-files';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

const LINUX = process.platform === 'linux';
const O_DSYNC_BIT = 0o10000; // Linux's O_DSYNC, as /proc/self/fdinfo shows open flags (octal)

/** The open flags of this process's descriptors on `path` (Linux). */
async function openFlagsOf(path: string): Promise<number[]> {
  const flags: number[] = [];
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target !== path) continue;
    const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => '');
    const match = /^flags:\s+([0-7]+)$/m.exec(info);
    if (match) flags.push(Number.parseInt(match[1] as string, 8));
  }
  return flags;
}

// O_DSYNC on Linux (each write durable on return); elsewhere a plain append the log then fdatasyncs.
describe.each([
  { mode: 'the platform default', dsync: undefined, synced: LINUX },
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

// What makes an acknowledged entry durable must really happen: the file open with O_DSYNC, or one fdatasync a batch.
describe('the audit log makes every batch durable', () => {
  it.runIf(LINUX)('by default on Linux: its file (and the next, after a rotation) is open with O_DSYNC, and nothing else syncs', async () => {
    const datasync = vi.spyOn(await fileHandleProto(), 'datasync');
    const log = await AuditLog.open({ dir, maxFileBytes: 600 });
    for (let i = 0; i < 6; i++) await log.append(writeEntry(i)); // ~300 bytes each: rotates
    expect((await listAuditFiles(dir)).length).toBeGreaterThan(1);
    const flags = await openFlagsOf(await realpath(log.position.file));
    expect(flags.length).toBe(1);
    expect((flags[0] as number) & O_DSYNC_BIT).toBe(O_DSYNC_BIT);
    expect(datasync).not.toHaveBeenCalled();
    await log.close();
  });

  it('without O_DSYNC: one fdatasync per batch, after its write', async () => {
    const datasync = vi.spyOn(await fileHandleProto(), 'datasync');
    const log = await AuditLog.open({ dir, dsync: 0 });
    for (let i = 0; i < 3; i++) await log.append(writeEntry(i));
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(writeEntry(i))));
    expect(datasync).toHaveBeenCalledTimes(log.stats.batches);
    if (LINUX) expect(await openFlagsOf(await realpath(log.position.file))).toEqual([expect.any(Number)]);
    if (LINUX) expect(((await openFlagsOf(await realpath(log.position.file)))[0] as number) & O_DSYNC_BIT).toBe(0);
    await log.close();
  });
});

/** The FileHandle prototype (its methods are what the log calls). */
async function fileHandleProto(): Promise<{ datasync(): Promise<void> }> {
  const { open } = await import('node:fs/promises');
  const probe = await open(join(dir, 'probe'), 'w');
  await probe.close();
  return Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
}
