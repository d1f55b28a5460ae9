/**
 * Crash test of the history store: a child writes batches through the recorder and is SIGKILLed at a random moment,
 * three times on the same file. Every committed batch must be there in full, at most the batch in flight is lost, no
 * batch is half written, and SQLite's integrity check passes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTied } from '../../support/tied-spawn';

const SCRIPT = fileURLToPath(new URL('../../support/history-write-main.ts', import.meta.url));
const BATCH = 1000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rec-history-crash-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Runs the child from sample `start` until `killAfter` batches are committed, then SIGKILLs it; the last count it reported. */
function runUntilKilled(path: string, start: number, killAfter: number): Promise<{ committed: number; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawnTied(process.execPath, ['--import', 'tsx', SCRIPT, '--path', path, '--batch', String(BATCH), '--start', String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let committed = 0;
  let batches = 0;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    if (!/^\d+$/.test(line)) return;
    committed = Number(line);
    if (++batches === killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.once('close', (_code, signal) => resolve({ committed, signal, stderr })));
}

describe('history under SIGKILL', () => {
  it('keeps every committed batch, loses at most the one in flight, and is never corrupt', { timeout: 120_000 }, async () => {
    const path = join(dir, 'history.db');
    let expected = 0;
    for (let round = 0; round < 3; round++) {
      const { committed, signal, stderr } = await runUntilKilled(path, expected, 20 + Math.floor(Math.random() * 200));
      expect(stderr, `round ${round}`).not.toMatch(/Error/);
      expect(signal).toBe('SIGKILL');
      const db = new DatabaseSync(path);
      try {
        expect(db.prepare('PRAGMA integrity_check').get()?.integrity_check).toBe('ok');
        // Raw samples live in chunks and in flushes not yet cut into chunks (pending).
        const rows = Number(db.prepare('SELECT (SELECT COALESCE(SUM(n), 0) FROM chunks) + (SELECT COALESCE(SUM(n), 0) FROM pending_slices) AS n').get()?.n);
        const added = rows - expected;
        expect(added, `round ${round}`).toBeGreaterThanOrEqual(committed);
        expect(added, `round ${round}`).toBeLessThanOrEqual(committed + BATCH);
        expect(added % BATCH, 'no half batch').toBe(0);
        const max = Number(db.prepare('SELECT MAX(COALESCE((SELECT MAX(t1) FROM chunks), -1), COALESCE((SELECT MAX(tmax) FROM pending_slices), -1)) AS t').get()?.t);
        expect(max).toBe(rows - 1); // contiguous: nothing inside the committed range is missing
        expected = rows;
      } finally {
        db.close();
      }
    }
  });
});
