/** Helpers for audit tests: a temporary folder with a written log, and line-level edits of a log file. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, entryHash, type AuditEntry, type AuditEntryInput, type AuditLogOptions } from '../../main/engine/audit';

/** A fresh temporary folder; `cleanup` removes it. */
export async function tempDir(prefix = 'rec-audit-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A write attempt as the command service would record it. */
export function writeEntry(i: number): AuditEntryInput {
  return {
    kind: 'write',
    who: { user: 'ann', role: 'operator', console: 'console-1', session: 's1' },
    target: { equipment: 'crane-1', tag: 'gantry.speed' },
    old: 0.21,
    new: 0.5 + i / 1000,
    outcome: { result: 'ok' },
    latencyMs: 3.5,
  };
}

/** Opens a log in `dir`, appends `count` write entries, closes it. */
export async function writeLog(dir: string, count: number, options: Partial<AuditLogOptions> = {}): Promise<void> {
  const log = await AuditLog.open({ dir, ...options });
  for (let i = 0; i < count; i++) await log.append(writeEntry(i));
  await log.close();
}

/** The lines of a file (without the final newline's empty part). */
export async function readLines(file: string): Promise<string[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Writes lines back, newline-terminated. */
export async function writeLines(file: string, lines: string[]): Promise<void> {
  await writeFile(file, lines.map((l) => `${l}\n`).join(''));
}

/** Parses a line, lets `change` edit it, and optionally re-computes its hash (a careful forger). */
export function editLine(line: string, change: (entry: AuditEntry) => void, rehash: boolean): string {
  const entry = JSON.parse(line) as AuditEntry;
  change(entry);
  if (rehash) entry.hash = entryHash(entry);
  return JSON.stringify(entry);
}
