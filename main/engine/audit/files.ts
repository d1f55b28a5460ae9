/** Audit file names (`audit-YYYYMMDD-NNN.jsonl`), their order, opening one for durable appends, and directory fsync. */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';

const NAME = /^audit-(\d{8})-(\d{3,})\.jsonl$/;

/** The audit folder inside the data directory. */
export function auditDirOf(dataDir: string): string {
  return join(dataDir, 'audit');
}

/** True for a log file name (not a `.torn` file, not the lock). */
export function isAuditFileName(name: string): boolean {
  return NAME.test(name);
}

function sortKey(name: string): [string, number] {
  const match = NAME.exec(name);
  return [match?.[1] ?? '', Number(match?.[2] ?? 0)];
}

/** Orders log file names by date, then number (numbers may outgrow three digits). */
export function compareAuditFileNames(a: string, b: string): number {
  const [dateA, nA] = sortKey(a);
  const [dateB, nB] = sortKey(b);
  return dateA === dateB ? nA - nB : dateA < dateB ? -1 : 1;
}

/** The log files of a directory, oldest first, as full paths. */
export async function listAuditFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter(isAuditFileName).sort(compareAuditFileNames);
  return names.map((name) => join(dir, name));
}

/** The name of the file after `last` (or the first one): today's date, never before `last`'s date. */
export function nextAuditFileName(last: string | undefined, now: Date): string {
  const today = now.toISOString().slice(0, 10).replaceAll('-', '');
  if (!last) return `audit-${today}-001.jsonl`;
  const [lastDate, lastN] = sortKey(basename(last));
  // A clock set back must not produce a name that sorts before the current file.
  const date = today > lastDate ? today : lastDate;
  const n = date === lastDate ? lastN + 1 : 1;
  return `audit-${date}-${String(n).padStart(3, '0')}.jsonl`;
}

/**
 * Opens a log file for appending (created if missing, never truncated). The log writes a batch, then fdatasyncs it:
 * two steps, so an entry can be known to be with the operating system (an engine crash no longer loses it) before
 * it is on disk. (O_DSYNC writes would make that one system call, but then nothing is known until the disk is done;
 * and on macOS they never flush the drive's cache, where Node's fdatasync, F_FULLFSYNC there, does.)
 */
export function openForAppend(path: string): Promise<FileHandle> {
  return open(path, 'a');
}

/**
 * The file being written: a handle that writes and a second one that syncs. fdatasync on any handle flushes what
 * every handle wrote to the file, and the second one lets a write go out while a sync runs (on Windows, operations on
 * one handle wait for each other).
 */
export interface LogFile {
  path: string;
  handle: FileHandle;
  syncer: FileHandle;
}

/** Opens `path` for appending and syncing (created if missing, never truncated). */
export async function openLogFile(path: string): Promise<LogFile> {
  const handle = await openForAppend(path);
  try {
    return { path, handle, syncer: await openForAppend(path) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Closes both handles (the syncer even when the writer's close fails). */
export async function closeLogFile(file: LogFile): Promise<void> {
  try {
    await file.handle.close();
  } finally {
    await file.syncer.close();
  }
}

export { fsyncDir } from '../sync-dir';

/** True when `path` is a directory. */
export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path)).isDirectory();
}
