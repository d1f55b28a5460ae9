/**
 * A run that ended without closing its history (a crash, a kill, a power cut: simulated by opening the file again
 * without closing it) is marked as a gap from its last write on; after a clean close nothing is marked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
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

it('marks nothing after a clean close', async () => {
  const first = store('clean.db');
  await first.openRun([0]);
  first.appendSync([{ signalId: 0, t: Date.now(), value: 5, quality: 0 }], []);
  await first.close();
  expect(await store('clean.db').openRun([0])).toBe(0);
});
