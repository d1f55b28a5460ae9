/**
 * The one path every command takes: gate → audit(attempt) → execute on the link's lane → verify → audit(outcome).
 * Authorisation by access class already happened in the session dispatch; the gate repeats the role check with the
 * command's own minimum role.
 * The attempt record is written (with the operating system: an engine crash cannot lose it, a power cut before its
 * disk sync can) before the device is touched, and a command whose attempt cannot be written is refused, never
 * executed. Its disk sync runs alongside the device write, and the reply waits until both records are durable
 * (durable before acknowledged). The stop waits for nothing of the audit before it goes out: safety before
 * bookkeeping.
 */
import type { CommandOutcome } from '../../../shared/contract/outcome';
import { refused } from '../../../shared/contract/outcome';
import type { Principal } from '../../../shared/contract/requests/control';
import type { AuditRecord, CommandDeps, CommandSession } from './command-context';
import type { DeviceResult } from './device-access';
import { stageOn } from './audit-sink';
import { gate, type GateFacts } from './gate';
import type { SendGuard } from './send-guard';

type Scalar = number | string | boolean | null;

/** What a read-back check found: fine, a different value, or no answer. */
export type VerifyResult = { ok: true } | { ok: false; expected: Scalar; actual: Scalar } | (DeviceResult & { ok: false });

/** One command about to run. */
export interface CommandSpec {
  session: CommandSession;
  /** Audit kind: write, command, call, jog, stop, control … */
  kind: string;
  equipmentId: string;
  target: string;
  oldValue?: Scalar;
  newValue?: Scalar;
  /** Gate facts other than the principal's role. */
  facts: Omit<GateFacts, 'role'>;
  execute(): Promise<DeviceResult>;
  /**
   * The command's send-time check (send-guard.ts): asked right before `execute`, once the attempt is recorded, where
   * a refusal ends the command with nothing sent; and the reason when the driver withdrew it unsent (its own check).
   */
  guard?: Pick<SendGuard, 'now' | 'withdrawnBy'>;
  /** Read-back check after a successful execute; undefined when the command has nothing to verify. */
  verify?(): Promise<VerifyResult>;
  /** Execute even when the attempt cannot be recorded (the stop only: safety before bookkeeping). */
  auditOptional?: boolean;
}

/**
 * Who a request of `kind` acts as: the session's login; for a stop, else the login the engine locked for inactivity
 * (a stop that always works: nobody types a PIN to stop a crane).
 */
export function actingPrincipal(session: CommandSession, kind: string): Principal | undefined {
  return session.principal() ?? (kind === 'stop' ? session.lockedPrincipal?.() : undefined);
}

/** The audit fields naming who acted (and, for a locked login's stop, that it was locked). */
export function whoFields(session: CommandSession, kind: string): Pick<AuditRecord, 'user' | 'role' | 'detail'> {
  const principal = actingPrincipal(session, kind);
  if (!principal) return {};
  return { user: principal.user, role: principal.role, ...(session.principal() ? {} : { detail: { sessionLocked: true } }) };
}

/** Runs a command through the gate, the audit and the device; never throws. */
export async function runCommand(deps: CommandDeps, spec: CommandSpec): Promise<CommandOutcome> {
  const principal = actingPrincipal(spec.session, spec.kind);
  const base: AuditRecord = {
    kind: spec.kind,
    console: spec.session.label,
    equipment: spec.equipmentId,
    target: spec.target,
    ...whoFields(spec.session, spec.kind),
    ...(spec.oldValue !== undefined ? { oldValue: spec.oldValue } : {}),
    ...(spec.newValue !== undefined ? { newValue: spec.newValue } : {}),
  };
  const refusal = gate({ ...spec.facts, role: principal?.role });
  if (refusal) {
    await auditRefusal(deps, spec.session, { ...base, outcome: 'refused', stage: refusal.stage, code: refusal.code, reason: refusal.text });
    return refusal;
  }
  const staged = stageOn(deps.audit, { ...base, outcome: 'attempt' });
  if (!spec.auditOptional) {
    const written = await settled(staged.written);
    if (written instanceof Error) {
      logLost(deps, base.kind, 'attempt', written);
      return refused('audit', 'audit-unavailable', 'The audit log cannot record this command; nothing was sent');
    }
  }
  const started = deps.now();
  let outcome = spec.guard?.now() ?? (await executed(spec));
  if (outcome.status === 'ok' && spec.verify) {
    const check = await spec.verify();
    if (!check.ok) {
      // The device took the write either way: a read-back that fails is never reported as a refusal.
      outcome =
        'expected' in check
          ? { status: 'verify-mismatch', expected: check.expected, actual: check.actual, text: `The device reads back ${String(check.actual)}, not ${String(check.expected)}`, latencyMs: 0 }
          : { status: 'timeout', text: `The device took the write, but reading it back failed: ${check.text}`, latencyMs: 0 };
    }
  }
  outcome = withLatency(outcome, deps.now() - started);
  // The reply waits until the attempt and the outcome records are durable. If either is not (a disk that failed
  // meanwhile), the device has acted all the same: the outcome says it went unrecorded.
  const attempt = await settled(staged.written);
  const closing = stageOn(deps.audit, { ...base, ...outcomeFields(outcome), ...(typeof attempt === 'number' ? { ref: attempt } : {}) });
  const [attemptDurable, outcomeDurable] = await Promise.all([typeof attempt === 'number' ? settled(staged.durable) : attempt, settled(closing.durable)]);
  const lost = attemptDurable instanceof Error ? attemptDurable : outcomeDurable instanceof Error ? outcomeDurable : undefined;
  if (!lost) return outcome;
  logLost(deps, base.kind, attemptDurable instanceof Error ? 'attempt' : 'outcome', lost);
  // Every outcome of a command the device may have acted on carries a latency; a refusal here sent nothing.
  return 'latencyMs' in outcome ? { ...outcome, unaudited: true } : outcome;
}

/**
 * The device's answer as an outcome. A write withdrawn unsent carries its guard's reason: the one its last check gave,
 * else the one it gives now (a bit write that gave way to a stop on its own equipment reads as its motion ended; one
 * that gave way to a stop elsewhere on the link keeps its own code).
 */
async function executed(spec: CommandSpec): Promise<CommandOutcome> {
  const result = await spec.execute();
  const guarded = !result.ok && result.kind === 'cancelled' && spec.guard ? (spec.guard.withdrawnBy() ?? spec.guard.now()) : undefined;
  return guarded ?? toOutcome(result, 0);
}

/** A record's step: its seq, or the error that stopped it. */
async function settled(step: Promise<number>): Promise<number | Error> {
  try {
    return await step;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function logLost(deps: CommandDeps, kind: string, record: 'attempt' | 'outcome', error: Error): void {
  deps.log.error('audit.append-failed', `audit ${record} record not recorded durably: ${error.message}`, { kind });
}

/** Appends an audit record; its seq, or false (and an error log) when it could not be made durable. */
export async function audit(deps: Pick<CommandDeps, 'audit' | 'log'>, record: AuditRecord): Promise<number | false> {
  try {
    return await deps.audit.append(record);
  } catch (error) {
    deps.log.error('audit.append-failed', `audit record not written: ${error instanceof Error ? error.message : String(error)}`, { kind: record.kind });
    return false;
  }
}

/** Audits a refusal of `session`: rate-limited per session where the deps say how (a flood is summarised). */
export async function auditRefusal(deps: CommandDeps, session: CommandSession, record: AuditRecord): Promise<void> {
  if (deps.refusals) await deps.refusals.record(session.id, record);
  else await audit(deps, record);
}

/**
 * The refusal codes of writes withdrawn on their way: a jog reference withdrawn by a stop reads as the jog's own
 * refusal (`stopped`: let go, then press again); one its jog no longer wanted (released, refused, stopped or lost
 * before it went out) as `ended`; one withdrawn because control or the link was lost as the end of that motion;
 * others keep their own code (a bit write that gave way to a stop, a command's own `motion-ended`).
 */
const WITHDRAWN_AS: Partial<Record<string, string>> = { 'jog-ended': 'ended', 'motion-cancelled-by-stop': 'stopped', 'motion-withdrawn': 'motion-ended' };

/** A device result as an outcome. */
export function toOutcome(result: DeviceResult, latencyMs: number): CommandOutcome {
  if (result.ok) return result.value === undefined ? { status: 'ok', latencyMs } : { status: 'ok', latencyMs, value: result.value };
  switch (result.kind) {
    case 'timeout':
      return { status: 'timeout', text: result.text, latencyMs };
    case 'not-connected':
      // A write refused unsent because its link was reconnected meanwhile: the link is up, so say so (send it again).
      return refused('link', result.code === 'modbus-link-reset' ? 'link-reset' : 'link-lost', result.text);
    case 'invalid':
      return refused('value', result.code, result.text);
    case 'cancelled':
      return refused('state', WITHDRAWN_AS[result.code] ?? result.code, result.text);
    default:
      return { status: 'device-rejected', code: result.code, text: result.text, latencyMs };
  }
}

function withLatency(outcome: CommandOutcome, latencyMs: number): CommandOutcome {
  return 'latencyMs' in outcome ? { ...outcome, latencyMs: Math.round(latencyMs * 100) / 100 } : outcome;
}

/** The audit fields of an outcome. */
export function outcomeFields(outcome: CommandOutcome): Partial<AuditRecord> {
  switch (outcome.status) {
    case 'ok':
      return { outcome: 'ok', latencyMs: outcome.latencyMs };
    case 'refused':
      return { outcome: 'refused', stage: outcome.stage, code: outcome.code, reason: outcome.text };
    case 'device-rejected':
      return { outcome: 'device-rejected', code: outcome.code, reason: outcome.text, latencyMs: outcome.latencyMs };
    case 'verify-mismatch':
      return { outcome: 'verify-mismatch', reason: outcome.text, latencyMs: outcome.latencyMs };
    case 'timeout':
      return { outcome: 'timeout', reason: outcome.text, latencyMs: outcome.latencyMs };
  }
}
