/**
 * Audits the refusals of one client session without letting a flood fill the audit log: the first few per interval
 * are recorded in full, one by one; the rest are counted and recorded as one summary record per kind of refusal
 * ("N more refused requests of kind X") when the interval ends or the session ends. A client that is not logged in
 * sending `stop` in a loop wrote tens of thousands of records a second before; now it writes a handful.
 * Sessions come and go (a token holder can reconnect in a loop, and each new session would bring a fresh
 * allowance), so refusals of clients not logged in also share one allowance for the whole engine per interval; past
 * it, they are counted in one engine-wide window and summarised the same way (refused logins too: the name they carry is
 * whatever the client typed). A refusal that names a person is never
 * held to it: a flood of anonymous refusals must not turn an operator's refused stop into a line in a summary (their
 * sessions need a login, and logins are throttled). Refused stops have allowances of their own at both levels.
 * (The same idea as the session's refusal log, `session/refusal-log.ts`, for the audit trail.)
 */
import type { AuditRecord } from './command-context';

/** How many refusals a session may have recorded in full per interval, and the interval. */
export interface RefusalAuditPolicy {
  perInterval: number;
  intervalMs: number;
  /** How many refusals of clients not logged in the whole engine records in full per interval (stops counted apart). */
  enginePerInterval?: number;
}

/** Ten records in full per ten seconds per session, then one summary record per kind of refusal. */
export const DEFAULT_REFUSAL_AUDIT: RefusalAuditPolicy = { perInterval: 10, intervalMs: 10_000 };

/** Records in full per interval for the whole engine, when the policy names none (and again for stops). */
const ENGINE_PER_INTERVAL = 100;

/** The key of the engine-wide window among the sessions' (session ids are never negative). */
const ENGINE = -1;

/** Distinct kinds of refusal counted per session and interval; more are counted under one "other" summary. */
const MAX_GROUPS = 16;

interface Counted {
  /** The first counted refusal of this kind: its who, what and why stand for the rest. */
  record: AuditRecord;
  count: number;
  firstAt: number;
  lastAt: number;
}

interface SessionWindow {
  start: number;
  recorded: number;
  /** Refused stops recorded in full (the engine-wide window bounds these apart from the rest). */
  recordedStops: number;
  /** Kinds of refusal recorded in full in this window: the first of each kind always is (stops counted apart). */
  seen: Set<string>;
  seenStops: Set<string>;
  counted: Map<string, Counted>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** What makes two refusals "of one kind": the same request, target, reason and person. */
function keyOf(record: AuditRecord): string {
  return [record.kind, record.target, record.equipment, record.stage, record.code, record.user, record.role, record.console].join('\u0000');
}

/** Rate-limited refusal records, per session. */
export class RefusalAudit {
  private readonly sessions = new Map<number, SessionWindow>();

  constructor(
    /** Writes one record (resolves once it is durable, or failed and was logged; never rejects). */
    private readonly write: (record: AuditRecord) => Promise<unknown>,
    private readonly policy: RefusalAuditPolicy = DEFAULT_REFUSAL_AUDIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one refusal of `sessionId`: in full (resolves once written), or counted for the interval's summary. */
  async record(sessionId: number, record: AuditRecord): Promise<void> {
    const now = this.now();
    const window = this.windowOf(sessionId, now);
    const key = keyOf(record);
    const stop = record.kind === 'stop';
    // In full: the first few of the window, and the first of each kind (a refused stop among a flood of refused
    // writes is on record at once, in the chain's order, not only in a summary), up to a bound on kinds; stops have a
    // bound of their own, so no flood of other refusals can crowd a stop out.
    const seen = stop ? window.seenStops : window.seen;
    if (!(window.recorded < this.policy.perInterval || (!seen.has(key) && seen.size < MAX_GROUPS))) {
      this.count(window, record, key, now);
      return;
    }
    // A refused login names the user it tried: a name the client chose, so it counts as anonymous here.
    if (!record.user || record.kind === 'login-refused') {
      const engine = this.windowOf(ENGINE, now);
      const allowance = this.policy.enginePerInterval ?? ENGINE_PER_INTERVAL;
      if ((stop ? engine.recordedStops : engine.recorded) >= allowance) {
        this.count(engine, record, key, now);
        return;
      }
      if (stop) engine.recordedStops++;
      else engine.recorded++;
    }
    window.recorded++;
    seen.add(key);
    await this.write(record);
  }

  /** The current window of `id` (a session, or ENGINE), a new one when there is none or the last has run out. */
  private windowOf(id: number, now: number): SessionWindow {
    const window = this.sessions.get(id);
    if (window && now - window.start < this.policy.intervalMs) return window;
    if (window) void this.flush(id);
    const created: SessionWindow = { start: now, recorded: 0, recordedStops: 0, seen: new Set(), seenStops: new Set(), counted: new Map(), timer: undefined };
    // Every window ends by itself (its summary written, the window forgotten), also one of a session that is gone.
    created.timer = setTimeout(() => {
      created.timer = undefined;
      if (this.sessions.get(id) === created) void this.flush(id);
    }, this.policy.intervalMs);
    created.timer.unref?.();
    this.sessions.set(id, created);
    return created;
  }

  /** The session ended (closed, logged out, locked): writes its summary now and forgets it. */
  async end(sessionId: number): Promise<void> {
    await this.flush(sessionId);
  }

  /** Writes every session's summary, and the engine-wide one, now (engine stop). */
  async endAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.flush(id)));
  }

  private count(window: SessionWindow, record: AuditRecord, exactKey: string, now: number): void {
    let key = exactKey;
    if (!window.counted.has(key) && window.counted.size >= MAX_GROUPS - 2) {
      // A client naming a new target every time must not grow this map (or the summary) without bound. Stops keep a
      // summary of their own: a refused stop is never folded in with writes.
      // In the engine-wide window the folded refusals may come from many consoles and people: it names none of them.
      key = record.kind === 'stop' ? 'other-stop' : 'other';
      const who = window === this.sessions.get(ENGINE) ? { console: '(various)' } : { ...(record.console ? { console: record.console } : {}), ...(record.user ? { user: record.user, role: record.role } : {}) };
      record = { kind: record.kind, ...who, target: '(various)', outcome: 'refused', code: 'various', reason: 'refusals of various kinds' };
    }
    const counted = window.counted.get(key);
    if (counted) {
      counted.count++;
      counted.lastAt = now;
    } else window.counted.set(key, { record, count: 1, firstAt: now, lastAt: now });
  }

  /** Ends `sessionId`'s window: one summary record per kind of refusal counted in it. */
  private async flush(sessionId: number): Promise<void> {
    const window = this.sessions.get(sessionId);
    if (!window) return;
    this.sessions.delete(sessionId);
    if (window.timer !== undefined) clearTimeout(window.timer);
    window.timer = undefined;
    await Promise.all([...window.counted.values()].map((c) => this.write(summaryOf(c))));
  }
}

/** The one record standing for `counted.count` refusals not recorded one by one. */
function summaryOf({ record, count, firstAt, lastAt }: Counted): AuditRecord {
  const { latencyMs: _latency, ref: _ref, oldValue: _old, newValue: _new, ...who } = record;
  const what = record.target ?? record.kind;
  return {
    ...who,
    outcome: 'refused',
    reason: `${count} more refused ${count === 1 ? 'request' : 'requests'} of kind ${what} not recorded one by one${record.reason ? ` (${record.reason})` : ''}`,
    detail: { suppressed: count, from: new Date(firstAt).toISOString(), to: new Date(lastAt).toISOString() },
  };
}
