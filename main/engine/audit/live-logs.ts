/**
 * The audit logs this process has open for writing, by folder. The folder's lock allows one writer, so there is at
 * most one; a reader in the same process (the engine's `audit.verify`) compares what it verified with the writer's
 * own position, which truncation of the files cannot move back.
 */
import { resolve } from 'node:path';

/** What a reader asks of a writer. */
export interface LivePosition {
  /** The last durable entry's seq and hash, and the file being written. */
  readonly position: { seq: number; hash: string; file: string };
}

const live = new Map<string, LivePosition>();

/** Notes `log` as the writer of `dir` (AuditLog.open). */
export function registerLiveLog(dir: string, log: LivePosition): void {
  live.set(resolve(dir), log);
}

/** Forgets `log` as the writer of `dir` (AuditLog.close). */
export function unregisterLiveLog(dir: string, log: LivePosition): void {
  if (live.get(resolve(dir)) === log) live.delete(resolve(dir));
}

/** The writer this process has open on `dir`, if any. */
export function liveLogOf(dir: string): LivePosition | undefined {
  return live.get(resolve(dir));
}
