/**
 * A run that ended without closing its history (a crash, a kill, a power cut: a process that exits with the file open,
 * or an earlier store of this process never closed) is marked as a gap from its last write on; after a clean close,
 * and while another engine still has the file open, nothing is marked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import { SqliteHistory } from '../../../main/engine/history/sqlite-history';

const dir = mkdtempSync(join(tmpdir(), 'rec-run-'));
const open: SqliteHistory[] = [];
afterAll(async () => {
  for (const store of open) await store.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});
const store = (name: string) => {
  const opened = new SqliteHistory(join(dir, name));
  open.push(opened);
  return opened;
};

it('marks every signal stale just after the last write of a run that never closed, so its trend shows a gap', async () => {
  const t0 = Date.now() - 60_000;
  const first = store('crash.db');
  expect(await first.openRun([0, 1])).toBe(0); // a new file: nothing before it
  first.appendSync([{ signalId: 0, t: t0, value: 5, quality: 0 }, { signalId: 1, t: t0, value: 7, quality: 0 }], []);
  const lastWrite = Date.now();
  // The engine dies here: the file is opened again, never closed.
  const second = store('crash.db');
  expect(await second.openRun([0, 1])).toBe(2);
  const restarted = Date.now() + 10_000;
  second.appendSync([{ signalId: 0, t: restarted, value: 6, quality: 0 }], []);
  const trend = await second.trend(0, t0, restarted + 1000, 500);
  const [gap] = trend.gaps ?? [];
  expect(gap?.[0]).toBeGreaterThan(t0);
  expect(gap?.[0]).toBeLessThanOrEqual(lastWrite + 1);
  expect(gap?.[1]).toBe(restarted);
});

it('marks nothing after a clean close, and tells where the last run ended (values re-delivered from before it are recorded as they come)', async () => {
  const first = store('clean.db');
  await first.openRun([0]);
  expect(await first.previousRunEnd()).toBeUndefined(); // a new file: no run before
  const t = Date.now() + 5000; // a device clock ahead: the run ends after its newest sample
  first.appendSync([{ signalId: 0, t, value: 5, quality: 0 }], []);
  await first.close();
  const second = store('clean.db');
  expect(await second.openRun([0])).toBe(0);
  expect(await second.previousRunEnd()).toBe(t);
});

/** Another engine process: opens its run on `file`, writes one sample of each signal (signal 1 `aheadMs` in the future, a device clock running ahead), and exits with the file open. */
function crashingEngine(file: string, t: number, aheadMs: number): void {
  const script = join(dir, 'crashing-engine.mts');
  const store = fileURLToPath(new URL('../../../main/engine/history/sqlite-history.ts', import.meta.url));
  writeFileSync(
    script,
    `import { SqliteHistory } from ${JSON.stringify(store)};
const store = new SqliteHistory(process.argv[2]);
await store.openRun([0, 1]);
store.appendSync([{ signalId: 0, t: ${t}, value: 5, quality: 0 }, { signalId: 1, t: ${t + aheadMs}, value: 7, quality: 0 }], []);
process.exit(0);
`,
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, file], { cwd: process.cwd(), encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
}

it('marks an engine process that died with the file open, after its newest sample even when a device clock ran ahead', async () => {
  const file = join(dir, 'died.db');
  const ahead = Date.now() + 5_000;
  crashingEngine(file, Date.now() - 1000, ahead - (Date.now() - 1000));
  const next = store('died.db');
  expect(await next.openRun([0, 1])).toBe(2);
  next.appendSync([{ signalId: 1, t: ahead + 60_000, value: 8, quality: 0 }], []);
  const trend = await next.trend(1, ahead - 10_000, ahead + 61_000, 500);
  expect(trend.gaps).toEqual([[ahead + 1, ahead + 60_000]]); // from just after its newest sample to the next one
});

it('leaves a run another live engine has open alone, and its close still ends it', async () => {
  const live = store('shared.db');
  expect(await live.openRun([0])).toBe(0);
  live.appendSync([{ signalId: 0, t: Date.now(), value: 5, quality: 0 }], []);
  // A second engine opens the same file while this one runs (two consoles on one data folder): it marks nothing.
  crashingEngine(join(dir, 'shared.db'), Date.now(), 0);
  expect((await live.raw([0, 1], 0, Date.now() + 10_000, 100)).rows.filter((r) => r.quality === 2)).toEqual([]);
  await live.close();
  expect(await store('shared.db').openRun([0])).toBe(0); // this engine's run ended cleanly: nothing to mark
});


it('marks a run whose pid, after a reboot, names an unrelated live process (the pid is only that engine within its boot)', async () => {
  const file = join(dir, 'rebooted.db');
  const t0 = Date.now() - 60_000;
  const crashed = store('rebooted.db');
  expect(await crashed.openRun([0])).toBe(0);
  crashed.appendSync([{ signalId: 0, t: t0, value: 5, quality: 0 }], []);
  // Power cut; after the reboot the old engine's pid belongs to a live process (here: our parent), its boot a day back.
  const db = new DatabaseSync(file);
  db.prepare("UPDATE meta SET value = ? WHERE key = 'runPid'").run(process.ppid);
  db.prepare("UPDATE meta SET value = value - 86400000 WHERE key = 'runBootAt'").run();
  db.close();
  // (never closed: a crash; afterAll closes it)
  const next = store('rebooted.db');
  expect(await next.openRun([0])).toBe(1);
  await next.close();
  const after = new DatabaseSync(file);
  expect(after.prepare("SELECT value FROM meta WHERE key = 'runPid'").get()?.value).toBe(0); // this run ended cleanly
  after.close();
});
