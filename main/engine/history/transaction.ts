/** One SQLite transaction around synchronous work: committed when it returns, rolled back when it throws. */
import type { DatabaseSync } from 'node:sqlite';

/** Runs `work` in a transaction of `db`; returns what it returned. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
