/** How big a history database is: on disk (with its write-ahead log), and in live pages (what the disk bound counts). */
import { statSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';

/** The database file plus its write-ahead log, in bytes (0 for a file not there). */
export function fileBytes(path: string): number {
  const size = (p: string) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  return size(path) + size(`${path}-wal`);
}

/** Bytes of live pages (free pages are reused, so they do not count). */
export function livePageBytes(db: DatabaseSync): number {
  const pages = Number(db.prepare('PRAGMA page_count').get()?.page_count) - Number(db.prepare('PRAGMA freelist_count').get()?.freelist_count);
  return pages * Number(db.prepare('PRAGMA page_size').get()?.page_size);
}
