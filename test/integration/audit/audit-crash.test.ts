/**
 * Crash test of the audit log: a child appends 10,000 entries and is SIGKILLed at a random moment, five times on the
 * same log. Every acknowledged seq must be on disk, verify must pass up to the last complete entry, and a torn tail
 * must be reported (never verified) and recovered on the next open.
 */
import type { ChildProcess } from 'node:child_process';
import { appendFile, readdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, readLastEntries, verifyAudit } from '../../../main/engine/audit';
import { listAuditFiles } from '../../../main/engine/audit/files';
import { tempDir } from '../../support/audit-files';
import { spawnTied } from '../../support/tied-spawn';

const SCRIPT = fileURLToPath(new URL('../../support/audit-append-main.ts', import.meta.url));
const ROUNDS = 5;
const ENTRIES = 10_000;

let dir: string;
let cleanup: () => Promise<void>;
const children: ChildProcess[] = [];
beforeAll(async () => ({ dir, cleanup } = await tempDir('rec-audit-crash-')));
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await cleanup();
});

/** Runs the child until it has acknowledged `killAfter` entries, then SIGKILLs it; resolves with the acknowledged seqs. */
function runUntilKilled(killAfter: number): Promise<{ acked: number[]; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawnTied(process.execPath, ['--import', 'tsx', SCRIPT, '--dir', dir, '--count', String(ENTRIES), '--max-file-bytes', String(512 * 1024)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const acked: number[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    if (!/^\d+$/.test(line)) return;
    acked.push(Number(line));
    if (acked.length === killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.once('close', (_code, signal) => resolve({ acked, signal, stderr })));
}

/** Appends the first part of a line, as a write cut short by a crash leaves it. */
async function tearNewestFile(): Promise<void> {
  const newest = (await listAuditFiles(dir)).at(-1) as string;
  await appendFile(newest, '{"seq":999999,"time":"2025-03-01T10:00:00.000Z","kind":"write","who":{"user":"an');
}

describe('audit log under SIGKILL', () => {
  it('keeps every acknowledged entry over five kills, reports torn tails and recovers them', { timeout: 120_000 }, async () => {
    const acknowledged = new Set<number>();
    let tornRounds = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const killAfter = 200 + Math.floor(Math.random() * (ENTRIES - 1000));
      const { acked, signal, stderr } = await runUntilKilled(killAfter);
      expect(stderr, `round ${round}`).toBe('');
      expect(signal, `round ${round}: killed after ${killAfter} acks`).toBe('SIGKILL');
      expect(acked.length).toBeGreaterThanOrEqual(killAfter);
      for (const seq of acked) acknowledged.add(seq);
      // A SIGKILL between write() calls leaves whole lines; round 2 also gets the half line of a write cut short.
      if (round === 2) await tearNewestFile();

      const verdict = await verifyAudit(dir);
      if (!verdict.ok) {
        expect(verdict.problem.kind, `round ${round}: ${verdict.problem.message}`).toBe('torn');
        expect(verdict.problem.file).toBe((await listAuditFiles(dir)).at(-1)?.split('/').at(-1));
        tornRounds++;
      }
      const stored = new Set((await readLastEntries(dir, Number.MAX_SAFE_INTEGER)).entries.map((e) => e.seq));
      const lost = [...acknowledged].filter((seq) => !stored.has(seq));
      expect(lost, `round ${round}: acknowledged but not on disk`).toEqual([]);
      expect(verdict.count).toBe(stored.size); // verified up to the last complete entry
    }
    expect(tornRounds).toBeGreaterThanOrEqual(1);

    // The last round may have left a torn tail too: opening recovers it.
    const log = await AuditLog.open({ dir });
    await log.close();
    const final = await verifyAudit(dir);
    expect(final).toMatchObject({ ok: true, recoveries: tornRounds });
    const stored = (await readLastEntries(dir, Number.MAX_SAFE_INTEGER)).entries;
    expect(stored.filter((e) => e.kind === 'recovered')).toHaveLength(tornRounds);
    for (const seq of acknowledged) expect(stored[seq - 1]?.seq).toBe(seq);
    expect((await readdir(dir)).filter((n) => n.endsWith('.torn'))).toHaveLength(tornRounds);
    expect(final.ok && final.files.length).toBeGreaterThan(1); // rotation happened under the crashes
  });
});
