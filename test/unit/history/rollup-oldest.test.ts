/** The disk bound's search for the oldest rollup: right across signals, and a seek per signal, never a table scan. */
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { oldestRollupTime, ROLLUP_SCHEMA } from '../../../main/engine/history/rollups';

let db: DatabaseSync | undefined;
afterEach(() => db?.close());

function withRollups(rows: [signal: number, t: number][]): DatabaseSync {
  db = new DatabaseSync(':memory:');
  db.exec(ROLLUP_SCHEMA);
  const insert = db.prepare('INSERT INTO rollups (signal, t, n) VALUES (?, ?, 1)');
  for (const [signal, t] of rows) insert.run(signal, t);
  return db;
}

describe('oldest rollup', () => {
  it('is the oldest minute of any of the signals named', () => {
    const store = withRollups([[1, 600_000], [1, 660_000], [2, 120_000], [2, 180_000], [3, 60_000]]);
    expect(oldestRollupTime(store, [1, 2])).toBe(120_000);
    expect(oldestRollupTime(store, [1, 2, 3])).toBe(60_000);
    expect(oldestRollupTime(store, [1])).toBe(600_000);
  });

  it('is NaN with no rollups, or none of the signals named', () => {
    const store = withRollups([[1, 600_000]]);
    expect(oldestRollupTime(store, [])).toBeNaN();
    expect(oldestRollupTime(store, [7, 8])).toBeNaN();
  });

  it('seeks each signal by the primary key rather than scanning every rollup of the file', () => {
    const store = withRollups([]);
    const plan = store.prepare('EXPLAIN QUERY PLAN SELECT MIN(t) AS t FROM rollups WHERE signal = ?').all(1).map((row) => String(row.detail));
    expect(plan.join('; ')).toMatch(/SEARCH rollups USING PRIMARY KEY \(signal=\?\)/);
    // What the bound ran before: the key walked from end to end, with no constraint (228 ms for 2M rollups here,
    // against 16 ms for the 2,000 seeks).
    const walkAll = store.prepare('EXPLAIN QUERY PLAN SELECT MIN(t) AS t FROM rollups').all().map((row) => String(row.detail));
    expect(walkAll.join('; ')).not.toMatch(/\(signal=\?\)/);
  });
});
