/**
 * Acknowledge, shelve and unshelve: operator actions on alarms. Like every command they are role checked and audited
 * (kinds alarm-ack / alarm-shelve / alarm-unshelve); the record is durable before the alarm's state changes, and an
 * action that cannot be audited is refused. Actions on one alarm run one at a time, and one applies only to the state
 * it was checked against: an alarm that changed while its record was written (it rose again, say) is left as it is,
 * and the refusal is recorded too, so an operator never acknowledges an occurrence they were not shown.
 */
import { roleAtLeast } from '../../../shared/contract/access';
import { refused, type CommandOutcome } from '../../../shared/contract/outcome';
import type { Logger } from '../drivers/driver';
import type { AuditRecord, AuditSink, CommandSession } from '../safety/command-context';
import type { AlarmInfo } from '../../../shared/contract/requests/alarms';
import type { AlarmInput, Shelve } from './alarm-state';
import type { AlarmService } from './alarm-service';

/** The operator actions on alarms. */
export class AlarmCommands {
  constructor(
    private readonly alarms: AlarmService,
    private readonly sink: AuditSink,
    private readonly log: Logger,
    private readonly now: () => number,
    /** Waits until the alarm state file holds the latest state (operator actions survive a restart at once). */
    private readonly persisted: () => Promise<void> = async () => undefined,
  ) {}

  /** The last action queued per alarm key (see inTurn). */
  private readonly turns = new Map<string, Promise<unknown>>();

  /** Records a saved shelve dropped at restore (past the 24 h maximum): done by the system, as an expiry is. */
  async shelveDropped(key: string, shelved: Shelve): Promise<void> {
    await this.append({
      kind: 'alarm-unshelve', user: 'system', equipment: this.alarms.get(key)?.equipmentId ?? '', target: key,
      oldValue: { shelvedBy: shelved.by, reason: shelved.reason, until: isoTime(shelved.until) },
      outcome: 'ok', code: 'shelve-not-restored', reason: `Saved shelve by ${shelved.by} ran past the 24 h maximum; not restored`,
    });
  }

  /** Records a shelve that ran out: done by the system, naming who had shelved it and why. */
  async shelveExpired(alarm: AlarmInfo, shelved: Shelve): Promise<void> {
    await this.append({
      kind: 'alarm-unshelve', user: 'system', equipment: alarm.equipmentId, target: alarm.key,
      oldValue: { shelvedBy: shelved.by, reason: shelved.reason, until: isoTime(shelved.until) },
      outcome: 'ok', code: 'shelve-expired', reason: `Shelve by ${shelved.by} expired`,
    });
  }

  ack(session: CommandSession, key: string, comment?: string): Promise<CommandOutcome> {
    return this.run(session, 'alarm-ack', key, { type: 'ack' }, comment);
  }

  shelve(session: CommandSession, key: string, durationMs: number, reason: string): Promise<CommandOutcome> {
    const by = session.principal()?.user ?? '';
    return this.run(session, 'alarm-shelve', key, { type: 'shelve', until: this.now() + durationMs, reason, by }, reason, durationMs);
  }

  unshelve(session: CommandSession, key: string, comment?: string): Promise<CommandOutcome> {
    return this.run(session, 'alarm-unshelve', key, { type: 'unshelve' }, comment);
  }

  /** Takes an equipment's alarms out of annunciation (equipment out of service) or back in: maintenance role, audited. */
  async suppress(session: CommandSession, equipmentId: string, suppressed: boolean, reason: string): Promise<CommandOutcome> {
    const principal = session.principal();
    const base: AuditRecord = {
      kind: 'alarm-suppress', console: session.label, equipment: equipmentId, target: `${equipmentId}/*`, newValue: { suppressed, reason },
      ...(principal ? { user: principal.user, role: principal.role } : {}),
    };
    const refusal = !roleAtLeast(principal?.role, 'maintenance')
      ? refused('role', principal ? 'role-too-low' : 'not-logged-in', principal ? `Needs the maintenance role (you are ${principal.role})` : 'Log in to handle alarms', principal ? { role: principal.role, needs: 'maintenance' } : undefined)
      : !this.alarms.hasEquipment(equipmentId)
        ? refused('target', 'not-found', `Unknown equipment "${equipmentId}"`)
        : undefined;
    if (refusal) {
      await this.append({ ...base, outcome: 'refused', stage: refusal.stage, code: refusal.code, reason: refusal.text });
      return refusal;
    }
    if ((await this.append({ ...base, outcome: 'ok' })) === false) return refused('audit', 'audit-unavailable', 'The audit log cannot record this; the alarms are unchanged');
    this.alarms.suppressEquipment(equipmentId, suppressed, { ...(principal ? { user: principal.user } : {}), comment: reason });
    await this.persisted(); // like every operator action on alarms: it outlives a restart once answered
    return { status: 'ok', latencyMs: 0 };
  }

  private run(session: CommandSession, kind: string, key: string, input: AlarmInput, comment?: string, durationMs?: number): Promise<CommandOutcome> {
    return this.inTurn(key, () => this.runNow(session, kind, key, input, comment, durationMs));
  }

  /** Runs `body` once every earlier action on `key` has ended. */
  private inTurn<T>(key: string, body: () => Promise<T>): Promise<T> {
    const mine = (this.turns.get(key) ?? Promise.resolve()).then(body);
    const settled = mine.catch(() => undefined);
    this.turns.set(key, settled);
    void settled.then(() => {
      if (this.turns.get(key) === settled) this.turns.delete(key);
    });
    return mine;
  }

  private async runNow(session: CommandSession, kind: string, key: string, input: AlarmInput, comment?: string, durationMs?: number): Promise<CommandOutcome> {
    const principal = session.principal();
    const base: AuditRecord = {
      kind, console: session.label, equipment: key.split('/')[0] ?? key, target: key,
      ...(principal ? { user: principal.user, role: principal.role } : {}),
      ...(durationMs !== undefined ? { newValue: { durationMs, reason: comment } } : comment ? { newValue: { comment } } : {}),
    };
    const started = this.now();
    let checkedAgainst: AlarmInfo | undefined;
    let refusal = !principal
      ? refused('role', 'not-logged-in', 'Log in to handle alarms')
      : !roleAtLeast(principal.role, 'operator')
        ? refused('role', 'role-too-low', `Needs the operator role (you are ${principal.role})`, { role: principal.role, needs: 'operator' })
        : undefined;
    if (!refusal) {
      const checked = this.alarms.check(key, input);
      if (!checked.ok) refusal = refused(checked.code === 'not-found' ? 'target' : 'state', checked.code, checked.text);
      else checkedAgainst = checked.info;
    }
    if (refusal) {
      await this.append({ ...base, outcome: 'refused', stage: refusal.stage, code: refusal.code, reason: refusal.text });
      return refusal;
    }
    const seq = await this.append({ ...base, outcome: 'ok' });
    if (seq === false) return refused('audit', 'audit-unavailable', 'The audit log cannot record this; the alarm is unchanged');
    // The alarm may have changed while the record was written: the action was meant for the state it was checked in.
    const current = this.alarms.get(key);
    const applied =
      current && checkedAgainst && current.state === checkedAgainst.state && current.since === checkedAgainst.since
        ? this.alarms.operate(key, input, { ...(principal ? { user: principal.user } : {}), ...(comment ? { comment } : {}) })
        : { ok: false as const, code: 'state-changed', text: `The alarm changed while this was recorded (now ${current?.state ?? 'gone'}); nothing was done: look again` };
    if (!applied.ok) {
      await this.append({ ...base, outcome: 'refused', stage: 'state', code: applied.code, reason: applied.text, ref: seq });
      return refused('state', applied.code, applied.text);
    }
    await this.persisted();
    return { status: 'ok', latencyMs: Math.round((this.now() - started) * 100) / 100 };
  }

  private async append(record: AuditRecord): Promise<number | false> {
    try {
      return await this.sink.append(record);
    } catch (error) {
      this.log.error('audit.append-failed', `alarm audit record not written: ${error instanceof Error ? error.message : String(error)}`, { kind: record.kind });
      return false;
    }
  }
}

/** `ms` as an ISO time, or the number itself when no Date can hold it (an audit record must never throw). */
function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
