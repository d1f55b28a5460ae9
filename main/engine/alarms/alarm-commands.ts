/**
 * Acknowledge, shelve and unshelve: operator actions on alarms. Like every command they are role checked and audited
 * (kinds alarm-ack / alarm-shelve / alarm-unshelve); the record is durable before the alarm's state changes, and an
 * action that cannot be audited is refused.
 */
import { roleAtLeast } from '../../../shared/contract/access';
import { refused, type CommandOutcome } from '../../../shared/contract/outcome';
import type { Logger } from '../drivers/driver';
import type { AuditRecord, AuditSink, CommandSession } from '../safety/command-context';
import type { AlarmInfo } from '../../../shared/contract/requests/alarms';
import type { AlarmInput } from './alarm-state';
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

  /** Records a shelve that ran out: done by the system, naming who had shelved it and why. */
  async shelveExpired(alarm: AlarmInfo, shelved: { until: number; reason: string; by: string }): Promise<void> {
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
      ? refused('role', principal ? 'role-too-low' : 'not-logged-in', principal ? `Needs the maintenance role (you are ${principal.role})` : 'Log in to handle alarms')
      : !this.alarms.hasEquipment(equipmentId)
        ? refused('target', 'not-found', `Unknown equipment "${equipmentId}"`)
        : undefined;
    if (refusal) {
      await this.append({ ...base, outcome: 'refused', stage: refusal.stage, code: refusal.code, reason: refusal.text });
      return refusal;
    }
    if ((await this.append({ ...base, outcome: 'ok' })) === false) return refused('audit', 'audit-unavailable', 'The audit log cannot record this; the alarms are unchanged');
    this.alarms.suppressEquipment(equipmentId, suppressed, { ...(principal ? { user: principal.user } : {}), comment: reason });
    return { status: 'ok', latencyMs: 0 };
  }

  private async run(session: CommandSession, kind: string, key: string, input: AlarmInput, comment?: string, durationMs?: number): Promise<CommandOutcome> {
    const principal = session.principal();
    const base: AuditRecord = {
      kind, console: session.label, equipment: key.split('/')[0] ?? key, target: key,
      ...(principal ? { user: principal.user, role: principal.role } : {}),
      ...(durationMs !== undefined ? { newValue: { durationMs, reason: comment } } : comment ? { newValue: { comment } } : {}),
    };
    const started = this.now();
    let refusal = !principal
      ? refused('role', 'not-logged-in', 'Log in to handle alarms')
      : !roleAtLeast(principal.role, 'operator')
        ? refused('role', 'role-too-low', `Needs the operator role (you are ${principal.role})`)
        : undefined;
    if (!refusal) {
      const checked = this.alarms.check(key, input);
      if (!checked.ok) refusal = refused(checked.code === 'not-found' ? 'target' : 'state', checked.code, checked.text);
    }
    if (refusal) {
      await this.append({ ...base, outcome: 'refused', stage: refusal.stage, code: refusal.code, reason: refusal.text });
      return refusal;
    }
    if ((await this.append({ ...base, outcome: 'ok' })) === false) return refused('audit', 'audit-unavailable', 'The audit log cannot record this; the alarm is unchanged');
    const applied = this.alarms.operate(key, input, { ...(principal ? { user: principal.user } : {}), ...(comment ? { comment } : {}) });
    // check() and operate() run in one turn apart from the audit await; a condition change in between can refuse.
    if (!applied.ok) return refused('state', applied.code, applied.text);
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
