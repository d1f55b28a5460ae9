/**
 * How the audit log gets entries onto the disk: a batch is written, then fdatasync'd, exactly once per batch; a staged
 * entry is reported written (its bytes in the file, with the operating system) before its sync ends, and durable after.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditLog, verifyAudit } from '../../../main/engine/audit';
import { listAuditFiles, openForAppend } from '../../../main/engine/audit/files';
import { tempDir, writeEntry } from '../../support/audit-files';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

type Proto = { datasync(this: unknown): Promise<void>; write(this: unknown, ...args: unknown[]): Promise<unknown> };

/** The FileHandle prototype (its methods are what the log calls). */
async function fileHandleProto(): Promise<Proto> {
  const { open } = await import('node:fs/promises');
  const probe = await open(join(dir, 'probe'), 'w');
  await probe.close();
  return Object.getPrototypeOf(probe) as Proto;
}

/** Holds every fdatasync until `release()`; `started` counts the ones begun. */
async function holdSyncs() {
  const proto = await fileHandleProto();
  const original = proto.datasync;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const held = { started: 0, release: () => open() };
  vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
    held.started++;
    await gate;
    return original.call(this);
  });
  return held;
}

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, 20)); // what could settle it has had its turn
  return done;
};

describe('openForAppend', () => {
  it('creates a missing file and appends after what an existing one holds, never truncating it', async () => {
    const fresh = join(dir, 'fresh.jsonl');
    const first = await openForAppend(fresh);
    await first.write('{"a":1}\n');
    await first.close();
    const again = await openForAppend(fresh);
    await again.write('{"b":2}\n');
    await again.close();
    expect(await readFile(fresh, 'utf8')).toBe('{"a":1}\n{"b":2}\n');

    const existing = join(dir, 'existing.jsonl');
    await writeFile(existing, 'kept\n');
    const out = await openForAppend(existing);
    await out.write('added\n');
    await out.close();
    expect(await readFile(existing, 'utf8')).toBe('kept\nadded\n');
  });
});

describe('the audit log makes every batch durable', () => {
  it('one fdatasync per batch, after its write, across a rotation', async () => {
    const datasync = vi.spyOn(await fileHandleProto(), 'datasync');
    const log = await AuditLog.open({ dir, maxFileBytes: 3000 });
    for (let i = 0; i < 3; i++) await log.append(writeEntry(i));
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(writeEntry(i))));
    expect(log.stats.batches).toBeGreaterThan(3);
    expect((await listAuditFiles(dir)).length).toBeGreaterThan(1); // rotated (each file's segment of a batch is one sync)
    expect(datasync).toHaveBeenCalledTimes(log.stats.batches);
    await log.close();
  });

  it('a staged entry is written (in the file) before its sync ends, and durable only after', async () => {
    const log = await AuditLog.open({ dir });
    const held = await holdSyncs();
    const staged = log.stage(writeEntry(7));
    const written = await staged.written;
    expect(held.started).toBe(1); // its sync has begun, and is held
    expect(await readFile(log.position.file, 'utf8')).toContain(`"seq":${written.seq}`);
    expect(await settled(staged.durable)).toBe(false);
    const later = log.append(writeEntry(8)); // queued behind the sync: the next batch
    held.release();
    expect(await staged.durable).toEqual(written);
    expect((await later).seq).toBe(written.seq + 1);
    await log.close();
  });

  it('entries appended while a sync runs are written at once, and made durable together by the next sync', async () => {
    const log = await AuditLog.open({ dir });
    const held = await holdSyncs();
    const first = log.stage(writeEntry(1));
    await first.written;
    const during = Array.from({ length: 5 }, (_, i) => log.stage(writeEntry(10 + i)));
    const refs = await Promise.all(during.map((s) => s.written)); // not waiting for the held sync
    const text = await readFile(log.position.file, 'utf8');
    for (const ref of refs) expect(text).toContain(`"seq":${ref.seq}`);
    expect(held.started).toBe(1);
    expect(await settled(Promise.race(during.map((s) => s.durable)))).toBe(false);
    expect(log.position.seq).toBe(0); // the position moves with durability only
    held.release();
    await Promise.all(during.map((s) => s.durable));
    expect(log.stats).toEqual({ entries: 6, batches: 2 });
    expect(log.position.seq).toBe(6);
    await log.close();
    expect(await verifyAudit(dir)).toMatchObject({ ok: true, count: 6 });
  });

  it('staged entries of one batch that spans files: each written before durable, in order, the chain intact', async () => {
    const log = await AuditLog.open({ dir, maxFileBytes: 2000 });
    const order: string[] = [];
    const staged = Array.from({ length: 30 }, (_, i) => log.stage(writeEntry(i)));
    staged.forEach((s, i) => {
      void s.written.then(() => order.push(`w${i}`));
      void s.durable.then(() => order.push(`d${i}`));
    });
    const refs = await Promise.all(staged.map((s) => s.durable));
    for (let i = 1; i < 30; i++) expect(refs[i]!.seq).toBeGreaterThan(refs[i - 1]!.seq); // in order (a new file's header takes a seq)
    for (let i = 0; i < 30; i++) expect(order.indexOf(`w${i}`)).toBeLessThan(order.indexOf(`d${i}`));
    expect(new Set(refs.map((r) => r.file)).size).toBeGreaterThan(1);
    await log.close();
    expect(await verifyAudit(dir)).toMatchObject({ ok: true });
  });

  it('a sync that fails: the written entry is never acknowledged durable, and the log refuses what follows', async () => {
    const reasons: string[] = [];
    const log = await AuditLog.open({ dir, onUnhealthy: (r) => reasons.push(r) });
    vi.spyOn(await fileHandleProto(), 'datasync').mockRejectedValueOnce(new Error('EIO: i/o error, fdatasync'));
    const staged = log.stage(writeEntry(1));
    await expect(staged.written).resolves.toMatchObject({ seq: 1 });
    await expect(staged.durable).rejects.toThrow(/unhealthy: EIO/);
    const after = log.stage(writeEntry(2));
    await expect(after.written).rejects.toThrow(/unhealthy/);
    await expect(after.durable).rejects.toThrow(/unhealthy/);
    expect(reasons).toEqual(['EIO: i/o error, fdatasync']);
    await log.close();
  });

  it("a sync that fails while a later write is out: that write's entries are refused too, and close() returns", async () => {
    const log = await AuditLog.open({ dir });
    const proto = await fileHandleProto();
    const originalWrite = proto.write;
    const originalSync = proto.datasync;
    let releaseWrite!: () => void;
    const writeGate = new Promise<void>((resolve) => (releaseWrite = resolve));
    let failSync!: () => void;
    const syncGate = new Promise<void>((resolve) => (failSync = resolve));
    let writes = 0;
    vi.spyOn(proto, 'write').mockImplementation(async function (this: unknown, ...args: unknown[]) {
      if (++writes === 2) await writeGate; // the second write (entry 2) is held on its way out
      return originalWrite.apply(this, args);
    });
    vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
      await syncGate;
      throw new Error('EIO: i/o error, fdatasync');
    });
    const first = log.stage(writeEntry(1));
    await first.written; // its sync is held
    const second = log.stage(writeEntry(2));
    while (writes < 2) await new Promise((r) => setTimeout(r, 1)); // its write has started, and is held
    failSync();
    await expect(first.durable).rejects.toThrow(/unhealthy: EIO/);
    releaseWrite();
    await expect(second.written).rejects.toThrow(/unhealthy/);
    await expect(second.durable).rejects.toThrow(/unhealthy/);
    vi.spyOn(proto, 'datasync').mockImplementation(originalSync);
    await log.close(); // nothing left waiting
  });

  it('an invalid entry is refused on both steps, and neither is left unhandled', async () => {
    const log = await AuditLog.open({ dir });
    const staged = log.stage({ kind: 'no-such-kind' } as never);
    await expect(staged.written).rejects.toThrow();
    await expect(staged.durable).rejects.toThrow();
    log.stage({ kind: 'no-such-kind' } as never); // nobody awaits this one: no unhandled rejection may follow
    await new Promise((r) => setTimeout(r, 20));
    await log.close();
  });
});
