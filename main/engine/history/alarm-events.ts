/** Alarm transitions kept beside the signal history (same file, same retention): written with a flush, searched by the alarm history page. */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AlarmTransition } from '../../../shared/contract/requests/alarms';
import type { AlarmHistoryQuery } from './history-store';

export const ALARM_EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS alarm_events (id INTEGER PRIMARY KEY, t INTEGER NOT NULL, equipment TEXT NOT NULL, priority TEXT NOT NULL, state TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alarm_events_t ON alarm_events (t);
`;

/** The alarm_events table of one history file. */
export class AlarmEvents {
  private readonly insert: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.insert = db.prepare('INSERT INTO alarm_events (t, equipment, priority, state, body) VALUES (?, ?, ?, ?, ?)');
  }

  /** Appends transitions (inside the caller's transaction). */
  append(alarms: readonly AlarmTransition[]): void {
    for (const a of alarms) this.insert.run(a.at, a.equipmentId, a.priority, a.state, JSON.stringify(a));
  }

  /** Newest first, filtered as the query asks. */
  query(q: AlarmHistoryQuery): AlarmTransition[] {
    const where = ['t >= ?', 't <= ?'];
    const args: (string | number)[] = [q.from, q.to];
    for (const [column, value] of [['equipment', q.equipmentId], ['priority', q.priority], ['state', q.state]] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      args.push(value);
    }
    const rows = this.db.prepare(`SELECT body FROM alarm_events WHERE ${where.join(' AND ')} ORDER BY t DESC, id DESC LIMIT ?`).all(...args, q.limit);
    return rows.map((r) => JSON.parse(String(r.body)) as AlarmTransition);
  }

  /** Drops transitions older than `t` (retention). */
  dropBefore(t: number): void {
    this.db.prepare('DELETE FROM alarm_events WHERE t < ?').run(t);
  }
}
