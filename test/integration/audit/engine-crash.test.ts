/**
 * Crash test of the audit log with a whole engine: a child process runs a real Engine against the crane simulator
 * (which lives here and survives the kills) and issues setpoint commands back to back; it is SIGKILLed mid-stream
 * five times on the same data directory. Every command whose reply the client got is in the audit log, in order;
 * the value the crane holds after each kill was audited as an attempt; the chain verifies; a
 * torn tail (a write cut short, made here once) is reported and recovered by the next engine.
 */
import type { ChildProcess } from 'node:child_process';
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditDirOf, readLastEntries, verifyAudit } from '../../../main/engine/audit';
import { listAuditFiles } from '../../../main/engine/audit/files';
import { startCrane } from '../../support/crane-console';
import { spawnTied } from '../../support/tied-spawn';

const SCRIPT = fileURLToPath(new URL('../../support/engine-commands-main.ts', import.meta.url));
const ROUNDS = 5;

let crane: Awaited<ReturnType<typeof startCrane>>;
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  crane = await startCrane();
  dataDir = await mkdtemp(join(tmpdir(), 'rec-engine-crash-'));
}, 30_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await crane?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the engine child until `killAfter` replies came back ok, then SIGKILLs it; resolves with those values. */
function runUntilKilled(killAfter: number): Promise<{ acked: number[]; refused: string[]; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawnTied(process.execPath, ['--import', 'tsx', SCRIPT, '--port', String(crane.port), '--data-dir', dataDir, '--console-id', '281'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const acked: number[] = [];
  const refused: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    if (line.startsWith('refused ')) refused.push(line);
    const ack = /^ack (\S+)$/.exec(line);
    if (!ack) return;
    acked.push(Number(ack[1]));
    if (acked.length === killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.once('close', (_code, signal) => resolve({ acked, refused, signal, stderr })));
}

/** The setWindLimit values the audit log holds with `result` (ok: done), split per engine run (each run logs in once). */
async function auditedRuns(result: 'ok' | 'attempt' = 'ok'): Promise<number[][]> {
  const runs: number[][] = [];
  for (const entry of (await readLastEntries(auditDirOf(dataDir), Number.MAX_SAFE_INTEGER)).entries) {
    if (entry.kind === 'login') runs.push([]);
    if (entry.kind === 'write' && entry.target?.command === 'setWindLimit' && entry.outcome?.result === result) runs.at(-1)?.push(entry.new as number);
  }
  return runs;
}

/** windLimit as the crane holds it now, in register counts (0.1 m/s each). */
async function deviceWindLimitCounts(): Promise<number> {
  return (await crane.master.readHoldingRegisters(16, 1)).data[0] as number;
}

it('every acknowledged command of a SIGKILLed engine is in the audit log; the chain verifies; a torn tail recovers', { timeout: 240_000 }, async () => {
  const acknowledged: number[][] = [];
  let torn = false;
  for (let round = 0; round < ROUNDS; round++) {
    const killAfter = 5 + Math.floor(Math.random() * 40); // the burst (20) and beyond, at the gate's 10 commands/s
    const { acked, refused, signal, stderr } = await runUntilKilled(killAfter);
    expect(stderr, `round ${round}`).toBe('');
    expect(refused, `round ${round}`).toEqual([]);
    expect(signal, `round ${round}: killed after ${killAfter} replies`).toBe('SIGKILL');
    acknowledged.push(acked);

    const runs = await auditedRuns();
    expect(runs).toHaveLength(round + 1);
    for (const [i, values] of acknowledged.entries()) {
      // Each reply the client got is on disk, in order; at most the one command in flight at the kill follows it.
      expect(runs[i]?.slice(0, values.length), `run ${i}: acknowledged but not in the audit log`).toEqual(values);
      expect((runs[i]?.length ?? 0) - values.length).toBeLessThanOrEqual(1);
    }
    // Whatever the killed engine last wrote to the crane was audited as an attempt. (That the attempt is written
    // before the device write, not merely soon enough, is shown by audit-stall.test.ts: a kill rarely lands between.)
    const onDevice = await deviceWindLimitCounts();
    const attempts = (await auditedRuns('attempt')).at(-1) ?? [];
    expect(attempts.map((v) => Math.round(v * 10)), `round ${round}: the crane holds ${onDevice / 10} m/s, never audited as an attempt`).toContain(onDevice);
    const verdict = await verifyAudit(auditDirOf(dataDir));
    if (!verdict.ok) expect(verdict.problem.kind, verdict.problem.message).toBe('torn');
    if (round === 2) {
      // A SIGKILL between write() calls leaves whole lines; this is the half line of a write cut short.
      const newest = (await listAuditFiles(auditDirOf(dataDir))).at(-1) as string;
      await appendFile(newest, '{"seq":999999,"time":"2026-03-01T10:00:00.000Z","kind":"write","who":{"user":"ma');
      const report = await verifyAudit(auditDirOf(dataDir));
      expect(report).toMatchObject({ ok: false, problem: { kind: 'torn' } });
      torn = true;
    }
  }
  expect(torn).toBe(true);
  // The engines after the torn round opened the log, set the torn tail aside and chained on: all verifies now.
  const final = await verifyAudit(auditDirOf(dataDir));
  expect(final).toMatchObject({ ok: true });
  expect(final.ok && final.recoveries).toBeGreaterThanOrEqual(1);
  expect((await readdir(auditDirOf(dataDir))).filter((n) => n.endsWith('.torn')).length).toBeGreaterThanOrEqual(1);
  console.log(`engine crash: ${acknowledged.map((a) => a.length).join(', ')} acknowledged commands per run, all in the audit log`);
});
