/**
 * Hold-to-run jogs and the supplementary stop. A jog lives only while the client's holds keep coming (each carries a
 * sequence number; older ones are discarded); the hold stream ending, the client closing, control or the link being
 * lost all bring the reference to zero. Nothing is queued or replayed: a jog that cannot be written now is dropped.
 */
import { refused, type CommandOutcome, type Refusal } from '../../../shared/contract/outcome';
import type { TagBinding } from '../drivers/driver';
import type { CommandDeps, CommandSession } from './command-context';
import { audit, auditRefusal, runCommand, whoFields } from './command-path';
import type { DeviceResult } from './device-access';
import type { ResolvedEquipment } from './equipment-index';
import { gatherFacts } from './facts';
import { gate } from './gate';
import { JogLeases, type JogLease } from './jog-leases';
import { heldThroughNoise, jogLimit } from './jog-limit';
import type { JogWriter } from './jog-writer';
import { MotionEnds } from './motion-ends';
import type { OwnershipTable } from './ownership-table';
import type { RateLimiter } from './rate-limit';
import { reportedAfter, writeUntilAcknowledged } from './stop-attempts';
import { checkValue } from '../../../shared/site/value-check';

const EXPIRY_TICK_MS = 20;
const ZERO_ATTEMPTS = 3;
/** Why a jog ends when the audit log cannot record it. */
export const AUDIT_FAILED = { code: 'audit-failed', text: 'The audit log failed: motion ended (it could not be recorded)' } as const;

/** Jogs and stops. */
export class JogControl {
  readonly leases = new JogLeases();
  /** Bumped whenever a jog ends (release, stop, expiry, loss): a hold whose write straddles it is zeroed again. */
  private readonly epochs = new Map<string, number>();
  /** Per equipment: its motion generation, and its waiting motion writes withdrawn when its motion ends. */
  readonly motion: MotionEnds;
  /** The reference write in flight per jog key (one at a time): whose it is, the newest hold seen meanwhile. */
  private readonly pending = new Map<string, { sessionId: number; seq: number; applied: number; lastHoldAt: number }>();
  /** The end under way per jog key: settles once its zero is on the device (its record may still be on its way). */
  private readonly ending = new Map<string, Promise<void>>();
  /** `session/jog key` pairs stopped mid-hold: refused until that operator lets go (jog.release), then a new press works. */
  private readonly inhibited = new Set<string>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly deps: CommandDeps,
    private readonly owners: OwnershipTable,
    private readonly rate: RateLimiter,
    private readonly writeJog: JogWriter,
  ) {
    this.motion = new MotionEnds(deps);
    this.timer = setInterval(() => this.expire(), EXPIRY_TICK_MS);
    this.timer.unref?.();
  }

  /** One hold message: starts, changes or refreshes a jog. */
  async hold(session: CommandSession, eq: ResolvedEquipment, command: string, speed: number, seq: number): Promise<{ outcome: CommandOutcome; limit: number; applied: number }> {
    const def = Object.hasOwn(eq.equipment.commands, command) ? eq.equipment.commands[command] : undefined; // own names only
    const binding = def?.kind === 'jog' && def.tag ? eq.tags.get(def.tag) : undefined;
    const lease = this.leases.get(eq.equipment.id, command);
    // Refused holds are audited (a held key repeats one: the session's refusal allowance sums those up).
    const refuse = async (refusal: Refusal) => {
      await this.auditRefusal(session, eq.equipment.id, command, refusal);
      return { outcome: refusal, limit: 0, applied: 0 };
    };
    if (!def || !binding) return refuse(refused('target', 'unknown-jog', `${eq.equipment.name} has no jog "${command}"`));
    const key = JogLeases.key(eq.equipment.id, command);
    if (this.inhibited.has(`${session.id}/${key}`)) return refuse(refused('state', 'stopped', 'Stop was pressed: let go of the jog, then press it again'));
    if (lease && lease.sessionId !== session.id) {
      // Someone else is jogging this axis: refuse this hold, leave theirs alone.
      const holder = this.owners.holder(eq.equipment.id);
      return refuse(refused('ownership', 'owned-by-other', `${holder ? `${holder.user} on ${holder.console}` : 'Another console'} is jogging this axis`));
    }
    if (lease && seq <= lease.seq) {
      this.leases.staleHolds++;
      return { outcome: refused('state', 'stale-seq', `Hold ${seq} is not newer than ${lease.seq}; discarded`), limit: 0, applied: lease.applied };
    }
    const limit = jogLimit(eq, binding, this.deps.link(eq.connectionId, eq.equipment.id).rttMs);
    const applied = heldThroughNoise(lease?.applied, speed, limit) ?? Math.max(-limit.max, Math.min(limit.max, speed));
    const checked = checkValue(binding.tag, applied);
    const facts = gatherFacts(this.deps, this.owners, this.rate, session, eq, {
      minRole: def.minRole,
      motion: true,
      command,
      unmetered: true,
      ...(Number.isFinite(speed) ? {} : { valueProblem: { code: 'not-finite', text: 'The jog speed must be a number' } }),
      ...(checked.ok ? {} : { valueProblem: checked.problem }),
      ...(limit.refusal && limit.refusal.code !== 'rtt-unsafe' && speed !== 0 ? { valueProblem: limit.refusal } : {}),
    });
    // Above the unsafe round trip, motion is refused at the link stage, with the RTT that caused it.
    if (limit.refusal?.code === 'rtt-unsafe' && speed !== 0) facts.link = facts.link === 'lost' ? 'lost' : 'unsafe';
    const inFlight = this.pending.get(key);
    if (inFlight) {
      // One reference write per jog at a time: on a slow link the window's holds come faster than the device answers,
      // and each starting a write of its own would pile up references. A hold meanwhile keeps the jog alive once the
      // gate passes it (an interlock may trip, or its inputs age out, while the write waits); a changed speed goes
      // out with the first hold after the answer.
      if (inFlight.sessionId !== session.id) return refuse(refused('ownership', 'owned-by-other', 'Another console is starting a jog on this axis'));
      const refusal = gate({ ...facts, role: session.principal()?.role });
      if (refusal) {
        this.bump(key); // the reference on its way is zeroed when it answers (or is never queued)
        if (lease) await this.end(lease, refusal.code, refusal.text);
        else await this.auditRefusal(session, eq.equipment.id, command, refusal);
        return { outcome: refusal, limit: limit.max, applied: 0 };
      }
      inFlight.seq = Math.max(inFlight.seq, seq);
      inFlight.lastHoldAt = this.deps.now();
      if (lease) {
        lease.seq = Math.max(lease.seq, seq);
        lease.lastHoldAt = this.deps.now();
      }
      return { outcome: { status: 'ok', latencyMs: 0 }, limit: limit.max, applied: inFlight.applied };
    }
    if (lease && lease.applied === applied) {
      // A refresh: the gate is checked again (an interlock may have tripped mid-jog), nothing is written.
      const refusal = gate({ ...facts, role: session.principal()?.role });
      if (refusal) {
        await this.end(lease, refusal.code, refusal.text);
        return { outcome: refusal, limit: limit.max, applied: 0 };
      }
      lease.seq = seq;
      lease.lastHoldAt = this.deps.now();
      return { outcome: { status: 'ok', latencyMs: 0 }, limit: limit.max, applied };
    }
    const epoch = this.epochs.get(key) ?? 0;
    const stillWanted = () => (this.epochs.get(key) ?? 0) === epoch;
    const flight = { sessionId: session.id, seq, applied, lastHoldAt: this.deps.now() };
    this.pending.set(key, flight);
    const principal = session.principal();
    const leaseOf = (): JogLease => ({ key, sessionId: session.id, user: principal?.user ?? '?', ...(principal ? { role: principal.role } : {}), console: session.label, equipmentId: eq.equipment.id, command, seq: flight.seq, applied, lastHoldAt: flight.lastHoldAt });
    /** The zero written at once because the jog ended while its reference was on its way. */
    let endedDuringWrite: DeviceResult | undefined;
    /** What the device did with the reference (undefined: never asked, e.g. the gate refused it). */
    let sent: DeviceResult | undefined;
    const outcome = await runCommand(this.deps, {
      session,
      kind: 'jog',
      equipmentId: eq.equipment.id,
      target: command,
      oldValue: lease?.applied ?? 0,
      newValue: applied,
      facts,
      // A stop or release while the attempt was being audited (or the writer reads the sequence) ends this jog: the
      // reference is then never queued, so it cannot reach the device after the stop.
      execute: async () => {
        const result = await this.writeJog(eq, command, binding, applied, stillWanted);
        sent = result;
        if (!result.ok) return result;
        // The records are made durable after this (milliseconds, or long on a stalled disk): the device must not keep
        // moving meanwhile. Ended while the reference was on its way: zero it now. Otherwise the jog is live from here,
        // so a release, stop, session end or missing hold finds its lease and zeroes it at once.
        if (!stillWanted()) endedDuringWrite = await this.writeZero(eq, command, binding);
        else if (!lease) this.leases.set(leaseOf());
        return result;
      },
    }).finally(() => this.pending.delete(key));
    if (outcome.status === 'ok' && !stillWanted()) {
      // Released, stopped or lost while this reference was on its way or its records were made durable: it must not
      // outlive that. Zeroed above when it ended before the write came back; a lease still here is ended now.
      if (endedDuringWrite) {
        const zero = endedDuringWrite;
        void audit(this.deps, { kind: 'jog', equipment: eq.equipment.id, target: command, oldValue: applied, newValue: 0, outcome: zero.ok ? 'ok' : 'failed', code: 'ended-during-write', reason: 'The jog ended while its reference was being written; zeroed again' });
      } else {
        const still = this.leases.get(eq.equipment.id, command);
        if (still && still.sessionId === session.id) await this.end(still, 'ended', 'The jog ended while its reference was being written');
        else await this.ending.get(key); // whoever ended it is writing the zero: the reply comes after it
      }
      // (A start the audit log could not record ends this way too: the log's failure ended every jog.)
      const ended = outcome.unaudited ? refused('audit', AUDIT_FAILED.code, AUDIT_FAILED.text) : refused('state', 'ended', 'The jog ended while this hold was on its way');
      return { outcome: ended, limit: limit.max, applied: 0 };
    }
    if (outcome.status !== 'ok') {
      if (lease) await this.end(lease, outcome.status === 'refused' ? outcome.code : outcome.status, outcome.status === 'refused' ? outcome.text : 'The jog was not accepted');
      // A first reference that went out and got no clear answer (none in time, a garbled one, the link closing under
      // it) may be moving the axis with no lease to end it: zeroed. A device's exception answer applied nothing.
      else if (applied !== 0 && (outcome.status === 'verify-mismatch' || (sent && !sent.ok && sent.mayHaveActed))) await this.zeroUnconfirmed(eq, command, binding, applied);
      // Ended on its way by a stop: told as the stop's refusal (let go, then press again).
      const byStop = outcome.status === 'refused' && outcome.code === 'ended' && this.inhibited.has(`${session.id}/${key}`);
      return { outcome: byStop ? refused('state', 'stopped', 'Stop was pressed: let go of the jog, then press it again') : outcome, limit: limit.max, applied: 0 };
    }
    // The lease runs from the last hold received, not from the answer: a window that stopped holding during a slow
    // first write gets its jog ended at the next expiry check, not a whole lease later.
    this.leases.set(leaseOf());
    if (outcome.unaudited) {
      // Its start could not be recorded: no motion goes on unaudited, so it ends at once (zero written).
      const lease = this.leases.get(eq.equipment.id, command);
      if (lease) await this.end(lease, AUDIT_FAILED.code, AUDIT_FAILED.text);
      return { outcome, limit: limit.max, applied: 0 };
    }
    return { outcome, limit: limit.max, applied };
  }

  /** The audit log stopped recording: every running jog ends (zero written), as no motion goes on unaudited. */
  async endAll(code: string, text: string): Promise<void> {
    for (const eq of this.deps.equipment.all()) this.endMotion(eq.equipment.id, text); // first writes on their way too
    await Promise.all(this.leases.where(() => true).map((l) => this.end(l, code, text)));
  }

  /** The operator let go: reference to zero now. */
  async release(session: CommandSession, eq: ResolvedEquipment, command: string): Promise<CommandOutcome> {
    const key = JogLeases.key(eq.equipment.id, command);
    this.inhibited.delete(`${session.id}/${key}`);
    const lease = this.leases.get(eq.equipment.id, command);
    // Only this session's own jog ends: its first reference on the way, or its lease. Another session letting go of
    // the same axis (a stale key up) must not zero a jog that is not its own.
    if (this.pending.get(key)?.sessionId === session.id || lease?.sessionId === session.id) this.bump(key);
    if (!lease || lease.sessionId !== session.id) return { status: 'ok', latencyMs: 0 };
    return this.end(lease, 'released', 'Released');
  }

  /** Ends every jog of an equipment without writing (control or link lost: the device stops by itself). */
  drop(equipmentId: string, code: string, text: string): void {
    this.endMotion(equipmentId, text);
    for (const lease of this.leases.where((l) => l.equipmentId === equipmentId)) {
      this.leases.delete(lease.key);
      this.notify(lease, code, text);
    }
  }

  /** Zeroes every jog of an equipment (the link still answers but is unsafe for motion): written, not just forgotten. */
  async endEquipment(equipmentId: string, code: string, text: string): Promise<void> {
    this.endMotion(equipmentId, text);
    // Ends already under way (a session's end, a release) count too: who waits here, waits for their zeros as well.
    const underWay = [...this.ending].filter(([key]) => key.startsWith(`${equipmentId}/`)).map(([, ending]) => ending);
    await Promise.all([...this.leases.where((l) => l.equipmentId === equipmentId).map((l) => this.end(l, code, text)), ...underWay]);
  }

  /** Zeroes every jog a session holds (it closed, locked or lost focus). */
  async endSession(sessionId: number, code: string, text: string): Promise<void> {
    for (const entry of [...this.inhibited]) if (entry.startsWith(`${sessionId}/`)) this.inhibited.delete(entry);
    for (const [key, flight] of this.pending) if (flight.sessionId === sessionId) this.bump(key); // a first hold on its way is zeroed too
    await Promise.all(this.leases.where((l) => l.sessionId === sessionId).map((l) => this.end(l, code, text)));
  }

  /** Supplementary stop: ahead of every queue, repeated until the device acknowledges it. */
  async stop(session: CommandSession, eq: ResolvedEquipment): Promise<{ outcome: CommandOutcome; attempts: number }> {
    const name = eq.equipment.stopCommand;
    const def = eq.equipment.commands[name];
    const binding = def?.tag ? eq.tags.get(def.tag) : undefined;
    // Every jog on this equipment ends, and whoever was holding must let go before jogging again.
    for (const [key, flight] of this.pending) if (key.startsWith(`${eq.equipment.id}/`)) this.inhibited.add(`${flight.sessionId}/${key}`);
    const jogs = this.leases.where((l) => l.equipmentId === eq.equipment.id);
    for (const lease of jogs) this.inhibited.add(`${lease.sessionId}/${lease.key}`);
    // Motion writes already waiting on the link would reach the device just after the stop: withdraw them now, and
    // again right before the stop is queued (the same synchronous step, so none can slip in between).
    this.bumpEquipment(eq.equipment.id);
    this.motion.withdraw(eq, 'stop');
    // Whatever happens to the stop itself, every jog reference is written to zero as well (after the stop, which
    // jumps the queue): a refused or failed stop must never leave an axis moving.
    const zeroJogs = () => Promise.all(jogs.map((lease) => this.end(lease, 'stopped', 'Stop pressed')));
    let attempts = 0;
    if (!def || !binding) {
      const refusal = refused('target', 'no-stop-command', `${eq.equipment.name} has no stop command "${name}" in the site file`);
      const zeroed = zeroJogs(); // not behind the audit record
      await this.auditRefusal(session, eq.equipment.id, name, refusal, 'stop');
      await zeroed;
      return { outcome: refusal, attempts: 0 };
    }
    const facts = gatherFacts(this.deps, this.owners, this.rate, session, eq, { minRole: 'viewer', isStop: true, unmetered: true });
    // The zeros go out once the stop did, not after its audit records are durable (a slow disk must not hold them).
    let zeroing: Promise<unknown> | undefined;
    const outcome = await runCommand(this.deps, {
      session,
      kind: 'stop',
      equipmentId: eq.equipment.id,
      target: name,
      newValue: def.value ?? true,
      facts,
      auditOptional: true, // a stop goes out even when the audit log cannot take its record
      execute: async () => {
        try {
          const written = await writeUntilAcknowledged(() => {
            this.motion.withdraw(eq, 'stop');
            return this.deps.device.writeTag(eq, binding, def.value ?? true, 'stop');
          });
          attempts = written.attempts;
          return written.result;
        } finally {
          zeroing = zeroJogs();
          zeroing.catch(() => undefined); // awaited (and any failure surfaced) after runCommand
        }
      },
    });
    await (zeroing ?? zeroJogs());
    return { outcome, attempts };
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** The equipment's motion ends for `why` (not a stop): jogs' generations move on, waiting motion writes are withdrawn. */
  private endMotion(equipmentId: string, why: string): void {
    this.bumpEquipment(equipmentId);
    const eq = this.deps.equipment.get(equipmentId);
    if (eq) this.motion.withdraw(eq, why);
  }

  private expire(): void {
    if (this.leases.size === 0) return; // the common case, 50 times a second
    for (const lease of this.leases.expired(this.deps.now(), (l) => this.deps.equipment.get(l.equipmentId)?.equipment.jog.leaseMs ?? 150)) {
      void this.end(lease, 'hold-ended', 'Hold-to-run released (no hold received in time)');
    }
  }

  /**
   * A zero reference, repeated (a few times, like the stop) while the device does not acknowledge it: on a serial
   * link a frame can be lost while the heartbeat keeps going, and the device's watchdog would then not stop the axis.
   * Not repeated when there is no connection (the watchdog takes over) or the device refused it outright; repeated when
   * it could not go out on a noisy line (`transient`).
   */
  private async writeZero(eq: ResolvedEquipment, command: string, binding: TagBinding): Promise<DeviceResult> {
    let result: DeviceResult = await this.writeJog(eq, command, binding, 0);
    let reported = result;
    for (let attempt = 1; attempt < ZERO_ATTEMPTS && !result.ok && (result.kind === 'timeout' || result.transient); attempt++) {
      this.zeroRetries++;
      result = await this.writeJog(eq, command, binding, 0);
      reported = reportedAfter(reported, result); // a zero left unanswered may have landed: not "not sent"
    }
    return reported;
  }

  /** Zero references written again because the device did not acknowledge one (diagnostics, tests). */
  zeroRetries = 0;

  /**
   * A first reference whose answer never came (timeout) may still have reached the device, with no lease to end it:
   * zero it, so an axis is never left moving by a write whose outcome is unknown.
   */
  private async zeroUnconfirmed(eq: ResolvedEquipment, command: string, binding: TagBinding, applied: number): Promise<void> {
    const zero = await this.writeZero(eq, command, binding);
    void audit(this.deps, { kind: 'jog', equipment: eq.equipment.id, target: command, oldValue: applied, newValue: 0, outcome: zero.ok ? 'ok' : 'failed', code: 'unconfirmed-zeroed', reason: 'The device did not confirm this jog reference; zeroed in case it arrived' });
  }

  private async auditRefusal(session: CommandSession, equipmentId: string, target: string, refusal: Refusal, kind = 'jog'): Promise<void> {
    await auditRefusal(this.deps, session, { kind, console: session.label, equipment: equipmentId, target, outcome: 'refused', stage: refusal.stage, code: refusal.code, reason: refusal.text, ...whoFields(session, kind) });
  }

  private bump(key: string): void {
    this.epochs.set(key, (this.epochs.get(key) ?? 0) + 1);
  }

  private bumpEquipment(equipmentId: string): void {
    this.motion.end(equipmentId);
    const eq = this.deps.equipment.get(equipmentId);
    for (const [name, command] of Object.entries(eq?.equipment.commands ?? {})) if (command.kind === 'jog') this.bump(JogLeases.key(equipmentId, name));
  }

  /** Zero reference, then the lease is gone; audited. */
  private end(lease: JogLease, code: string, text: string): Promise<CommandOutcome> {
    if (this.leases.delete(lease.key) === undefined) return Promise.resolve({ status: 'ok', latencyMs: 0 });
    this.bump(lease.key);
    const eq = this.deps.equipment.get(lease.equipmentId);
    const binding = eq ? eq.tags.get(eq.equipment.commands[lease.command]?.tag ?? '') : undefined;
    const started = this.deps.now();
    const zeroed: Promise<DeviceResult> = eq && binding ? this.writeZero(eq, lease.command, binding) : Promise.resolve({ ok: true });
    // Who must wait for this end waits for its zero on the device, not for its record on disk (a stalled disk).
    const onDevice = zeroed.then(
      () => undefined,
      () => undefined,
    );
    const tracked = onDevice.finally(() => {
      if (this.ending.get(lease.key) === tracked) this.ending.delete(lease.key);
    });
    this.ending.set(lease.key, tracked);
    return zeroed.then((result) => this.recordEnd(lease, code, text, result, this.deps.now() - started));
  }

  /** The audit record of a lease just ended (its zero written), and the notice to its session. */
  private async recordEnd(lease: JogLease, code: string, text: string, result: DeviceResult, latencyMs: number): Promise<CommandOutcome> {
    await audit(this.deps, {
      kind: 'jog',
      user: lease.user,
      ...(lease.role ? { role: lease.role } : {}),
      console: lease.console,
      equipment: lease.equipmentId,
      target: lease.command,
      oldValue: lease.applied,
      newValue: 0,
      outcome: result.ok ? 'ok' : 'failed',
      code,
      reason: result.ok ? text : `${text}; zero not acknowledged: ${result.text}`,
      latencyMs,
    });
    this.notify(lease, code, text);
    return result.ok ? { status: 'ok', latencyMs } : { status: 'timeout', text: result.text, latencyMs };
  }

  private notify(lease: JogLease, code: string, text: string): void {
    this.onStopped?.(lease.sessionId, { equipmentId: lease.equipmentId, command: lease.command, code, text });
  }

  /** Set by the command service: tells the lease's session its jog ended. */
  onStopped?: (sessionId: number, body: { equipmentId: string; command: string; code: string; text: string }) => void;
}
