/**
 * The command service: the one way to touch equipment. Commands, setpoints, maintenance writes, method calls, control
 * ownership, jogs and the stop all go validate → authorise → gate → audit → execute → verify → audit from here, and
 * this folder holds the only calls of the drivers' raw write capability. Handlers see only this class's methods.
 */
import type { CommandOutcome } from '../../../shared/contract/outcome';
import { refused } from '../../../shared/contract/outcome';
import type { ConnectionState } from '../../../shared/contract/events';
import type { ControlState, Principal } from '../../../shared/contract/requests/control';
import type { RawWriteOptions } from '../drivers/modbus';
import type { CallResult } from '../drivers/opcua';
import { ArmedCommands } from './arming';
import type { AuditRecord, CommandDeps, CommandSession } from './command-context';
import { audit, auditRefusal, runCommand, whoFields, type VerifyResult } from './command-path';
import type { ResolvedEquipment } from './equipment-index';
import type { DeviceResult } from './device-access';
import { gatherFacts, type FactsRequest } from './facts';
import { gate, type LinkQuality } from './gate';
import { AUDIT_FAILED, JogControl } from './jog-control';
import { OwnershipControl } from './ownership-control';
import { OwnershipTable } from './ownership-table';
import { RateLimiter } from './rate-limit';
import { RefusalAudit, type RefusalAuditPolicy } from './refusal-audit';
import { ControlledTargets } from './controlled-targets';
import { changeTrust } from './trust-changes';
import { changeLinkProfile, type SwitchableLab } from './link-profile-change';
import { checkCommandValue, checkValue, type InputValue } from '../../../shared/site/value-check';
import { plainJogWriter, type JogWriter } from './jog-writer';
import { sameValue } from './read-back';
import { SendGuard } from './send-guard';
import { ARM_REFUSALS, MOTION_ENDED, targetProblem } from './command-refusals';

type Scalar = number | string | boolean | null;

/** What the command service needs besides the engine facts. */
export interface CommandServiceOptions {
  /** Tells a session its jog was stopped. */
  sessions: { emitTo(sessionId: number, body: { equipmentId: string; command: string; code: string; text: string }): void };
  /** Writes jog references (the device's sequenced jog block where the site configures one). */
  jogWriter?: JogWriter;
  /** The PKI's data directory. */
  dataDir: string;
  /** A certificate's trust changed: reconnect what it blocked (trusted), or drop what runs on it (untrusted). */
  trustChanged(thumbprint: string, trusted: boolean): void;
  /** Override of how many refusals per session are audited in full before they are summarised (tests). */
  refusalAudit?: RefusalAuditPolicy;
}
const UNKNOWN = (what: string) => refused('target', 'not-found', what);

/** The command service. */
export class CommandService {
  private readonly rate: RateLimiter;
  /** Raw maintenance writes: scripted tools write register tables, so their limit is higher than an operator's. */
  private readonly maintenanceRate: RateLimiter;
  private readonly armed: ArmedCommands;
  /** Tags, registers and methods only commands may drive. */
  private readonly controlled: ControlledTargets;
  readonly ownership: OwnershipControl;
  readonly jogs: JogControl;
  /** Refusals audited per session: a few in full per interval, the rest summarised (a flood cannot fill the log). */
  private readonly refusals: RefusalAudit;
  private readonly deps: CommandDeps;

  constructor(
    given: CommandDeps,
    private readonly options: CommandServiceOptions,
  ) {
    this.refusals = new RefusalAudit((record) => audit(given, record), options.refusalAudit, given.now);
    // Every part of the command path (the gate refusals of commands, jogs and control included) audits through it.
    const deps: CommandDeps = { ...given, refusals: this.refusals };
    this.deps = deps;
    const { sessions, jogWriter } = options;
    this.rate = new RateLimiter(10, 20, deps.now);
    this.maintenanceRate = new RateLimiter(100, 200, deps.now);
    this.armed = new ArmedCommands(deps.now);
    this.controlled = new ControlledTargets(deps.equipment);
    const owners = new OwnershipTable();
    this.jogs = new JogControl(deps, owners, this.rate, jogWriter ?? plainJogWriter(deps.device));
    this.ownership = new OwnershipControl(deps, this.rate, owners, {
      ended: (id) => this.jogs.drop(id, 'control-ended', 'Control ended'),
      zero: (id) => this.jogs.endEquipment(id, 'control-ended', 'Control moved or was released'),
      started: (id) => jogWriter?.restart?.(id),
    });
    this.jogs.onStopped = (sessionId, body) => sessions.emitTo(sessionId, body);
  }

  /** Control states of every equipment, as `session` sees them. */
  controlStates(session?: CommandSession): ControlState[] {
    return [...this.deps.equipment.all()].map((eq) => this.ownership.state(eq, session));
  }

  async take(session: CommandSession, equipmentId: string, takeOver: boolean): Promise<{ outcome: CommandOutcome; control?: ControlState }> {
    const eq = this.deps.equipment.get(equipmentId);
    if (!eq) return { outcome: await this.unknown(session, 'control', equipmentId, 'take', `Unknown equipment "${equipmentId}"`) };
    return { outcome: await this.ownership.take(session, eq, takeOver), control: this.ownership.state(eq, session) };
  }

  async release(session: CommandSession, equipmentId: string): Promise<{ outcome: CommandOutcome; control?: ControlState }> {
    const eq = this.deps.equipment.get(equipmentId);
    if (!eq) return { outcome: await this.unknown(session, 'control', equipmentId, 'release', `Unknown equipment "${equipmentId}"`) };
    return { outcome: await this.ownership.release(session, eq), control: this.ownership.state(eq, session) };
  }

  /** First half of arm-then-execute: checks the gate now and returns an arm id that expires. */
  async arm(session: CommandSession, equipmentId: string, command: string, value?: InputValue): Promise<{ outcome: CommandOutcome; armId?: string; expiresAt?: number; expiresInMs?: number }> {
    const resolved = this.resolveCommand(session, equipmentId, command, value);
    if (!resolved.ok) return { outcome: await this.unknown(session, 'command', equipmentId, command, resolved.text) };
    // Taken before the gate, as execute does: a stop from here on makes this arming void.
    const motionEpoch = resolved.def.motion ? this.jogs.motion.epoch(equipmentId) : undefined;
    const { refusal } = await this.precheck(session, resolved.eq, resolved.facts);
    if (refusal) {
      const principal = session.principal();
      await auditRefusal(this.deps, session, { kind: 'command', console: session.label, equipment: equipmentId, target: `arm ${command}`, outcome: 'refused', stage: refusal.stage, code: refusal.code, reason: refusal.text, ...(principal ? { user: principal.user, role: principal.role } : {}) });
      return { outcome: refusal };
    }
    return { outcome: { status: 'ok', latencyMs: 0 }, ...this.armed.arm(session.id, equipmentId, command, value, motionEpoch) };
  }

  /** Runs a pulse, setpoint or method command. */
  async execute(session: CommandSession, equipmentId: string, command: string, value?: InputValue, armId?: string): Promise<CommandOutcome> {
    const resolved = this.resolveCommand(session, equipmentId, command, value);
    if (!resolved.ok) return this.unknown(session, 'command', equipmentId, command, resolved.text);
    const { eq, def, facts } = resolved;
    // Taken before the gate: a stop (or a loss of control or link) from here on withdraws a motion command unsent; a
    // loss of control or link, a login ended or an interlock tripped withdraws any command unsent.
    const guard = this.sendGuard(session, eq, { minRole: def.minRole, motion: def.motion, command });
    if (def.confirm) {
      const arm = armId ? this.armed.consume(armId, session.id, equipmentId, command, value, this.jogs.motion.epoch(equipmentId)) : 'missing';
      if (arm !== 'ok') facts.targetProblem = { code: `arm-${arm}`, text: ARM_REFUSALS[arm] ?? 'This command must be armed first, then executed' };
    }
    if (def.kind === 'method') {
      return runCommand(this.deps, {
        session, kind: 'call', equipmentId, target: command, facts,
        ...(resolved.value !== undefined ? { newValue: resolved.value } : {}), // the argument, in both records
        guard,
        // The driver asks again right before the call goes out (it first reads the method's argument types).
        execute: () => this.deps.device.callMethod(eq, command, def.objectId ?? '', def.methodId ?? '', resolved.value === undefined ? [] : [resolved.value], guard.wanted),
      });
    }
    const binding = eq.tags.get(def.tag ?? '');
    if (!binding) return this.unknown(session, 'command', equipmentId, command, `Command "${command}" has no tag`);
    const written = def.kind === 'pulse' ? (def.value ?? true) : resolved.value;
    return this.writeBinding(session, eq, binding.name, written ?? null, facts, 'command', command, def.kind === 'setpoint', guard, def.motion);
  }

  /** Maintenance write of one writable tag, in engineering units, verified by read-back. */
  async writeTag(session: CommandSession, equipmentId: string, tag: string, value: InputValue): Promise<CommandOutcome> {
    const eq = this.deps.equipment.get(equipmentId);
    const binding = eq?.tags.get(tag);
    if (!eq || !binding) return this.unknown(session, 'write', equipmentId, tag, eq ? `${eq.equipment.name} has no tag "${tag}"` : `Unknown equipment "${equipmentId}"`);
    const checked = checkValue(binding.tag, value, { exact: true }); // what is asked is what is written, or refused
    const facts = gatherFacts(this.deps, this.ownership.table, this.rate, session, eq, {
      minRole: binding.tag.minRole,
      needsOwnership: false,
      ...(binding.tag.writable ? {} : { targetProblem: { code: 'read-only', text: `${tag} is read-only in the site file` } }),
      ...(binding.tag.writable && this.controlled.tag(equipmentId, tag) ? { targetProblem: { code: 'command-only', text: `${tag} is driven by ${this.controlled.tag(equipmentId, tag)}: use that command` } } : {}),
      ...(checked.ok ? {} : { valueProblem: checked.problem }),
    });
    facts.remote = undefined; // maintenance writes are judged by role, link and range, not by operating mode
    const guard = this.sendGuard(session, eq, { minRole: binding.tag.minRole, needsOwnership: false }, { ignoreMode: true });
    return this.writeBinding(session, eq, tag, checked.ok ? checked.value : value, facts, 'write', tag, true, guard);
  }

  /** Hold-to-run: one hold message. */
  hold(session: CommandSession, equipmentId: string, command: string, speed: number, seq: number) {
    const eq = this.deps.equipment.get(equipmentId);
    if (!eq) return this.unknown(session, 'jog', equipmentId, command, `Unknown equipment "${equipmentId}"`).then((outcome) => ({ outcome, limit: 0, applied: 0 }));
    return this.jogs.hold(session, eq, command, speed, seq);
  }

  async releaseJog(session: CommandSession, equipmentId: string, command: string): Promise<CommandOutcome> {
    const eq = this.deps.equipment.get(equipmentId);
    return eq ? this.jogs.release(session, eq, command) : this.unknown(session, 'jog', equipmentId, command, `Unknown equipment "${equipmentId}"`);
  }

  async stop(session: CommandSession, equipmentId: string): Promise<{ outcome: CommandOutcome; attempts: number }> {
    const eq = this.deps.equipment.get(equipmentId);
    if (!eq) return { outcome: await this.unknown(session, 'stop', equipmentId, 'stop', `Unknown equipment "${equipmentId}"`), attempts: 0 };
    return this.jogs.stop(session, eq);
  }

  /** Raw Modbus maintenance write (maintain class): gated by role and link, audited. */
  modbusWrite(session: CommandSession, connectionId: string, options: RawWriteOptions): Promise<CommandOutcome> {
    const unitId = options.unitId ?? this.deps.equipment.connectionUnit(connectionId) ?? 1;
    const commandOnly = this.controlled.modbus(connectionId, unitId, options.address, options.type, options.length, options.value);
    const value = typeof options.value === 'bigint' ? options.value.toString() : options.value;
    return this.rawWrite(session, connectionId, `${options.address}`, value, (wanted) => this.deps.device.writeModbusRaw(connectionId, options, 'maintenance', wanted), 'raw-write', targetProblem(options.address, commandOnly));
  }

  /** Raw OPC UA maintenance write; resolves with the outcome and the server's status name (when it answered). */
  async opcuaWrite(session: CommandSession, connectionId: string, nodeId: string, value: Scalar, type: string | undefined, allowNonFinite: boolean) {
    let answer: { status?: string; message?: string } = {};
    const outcome = await this.rawWrite(
      session,
      connectionId,
      nodeId,
      value,
      async () => {
        const result = await this.deps.device.writeOpcUaRaw(connectionId, nodeId, value, type, allowNonFinite);
        answer = { ...(result.status ? { status: result.status } : {}), ...(result.message ? { message: result.message } : {}) };
        return result;
      },
      'raw-write',
      targetProblem(nodeId, await this.controlled.opcuaNode(connectionId, nodeId)),
    );
    return { outcome, ...answer };
  }

  /** Raw OPC UA method call (maintenance); resolves with the outcome and the server's result (when it answered). */
  async opcuaCall(session: CommandSession, connectionId: string, objectId: string, methodId: string, inputs: unknown[]) {
    let answer: { result?: CallResult } = {};
    const outcome = await this.rawWrite(
      session,
      connectionId,
      `${objectId} ${methodId}()`,
      JSON.stringify(inputs),
      async () => {
        const result = await this.deps.device.callOpcUaRaw(connectionId, objectId, methodId, inputs);
        answer = result.result ? { result: result.result } : {};
        return result;
      },
      'call',
      targetProblem(methodId, await this.controlled.opcuaMethod(connectionId, methodId)),
    );
    return { outcome, ...answer };
  }

  /** Trusts or untrusts a server certificate (admin; audited); trusting retries the connections it blocked. */
  trust = (session: CommandSession, thumbprint: string, trust: boolean) => changeTrust(this.deps, session, this.options.dataDir, thumbprint, trust, this.options.trustChanged);
  /** Switches the link lab's profile (admin; audited). */
  linkProfile = (session: CommandSession, lab: SwitchableLab, profile: string) => changeLinkProfile(this.deps, session, lab, profile);

  /** Refuses (and audits) a command naming an equipment, command or tag the site does not have. */
  private async unknown(session: CommandSession, kind: string, equipmentId: string, target: string, text: string) {
    const outcome = UNKNOWN(text);
    await auditRefusal(this.deps, session, { kind, console: session.label, equipment: equipmentId, target, outcome: 'refused', stage: outcome.stage, code: outcome.code, reason: text, ...whoFields(session, kind) });
    return outcome;
  }

  /**
   * Audits a request the session dispatch refused for its access class (not logged in, role too low, locked): the
   * first few per session and interval in full, the rest as one summary per kind (a client looping on a request it
   * may not send wrote 13,000 records a second before).
   */
  async auditRefusedAccess(session: CommandSession, request: string, access: string, code: string, text: string): Promise<void> {
    const principal = session.principal();
    await this.refusals.record(session.id, {
      kind: request.startsWith('alarms.') ? `alarm-${request.slice('alarms.'.length)}` : request.startsWith('jog') ? 'jog' : request === 'stop' ? 'stop' : request.startsWith('certs') ? 'trust' : request.startsWith('connections.') ? 'config' : 'write',
      console: session.label,
      target: request,
      outcome: 'refused',
      stage: 'authorise',
      code,
      reason: `${text} (${access})`,
      ...(principal ? { user: principal.user, role: principal.role } : {}),
    });
  }

  /** Audits another refusal of `session` (a refused login) under the same per-session limit. */
  auditRefusal(session: CommandSession, record: AuditRecord): Promise<void> {
    return this.refusals.record(session.id, record);
  }

  /** A session closed, logged out or locked: its jogs stop, its claims are released, its armed commands dropped. */
  async sessionEnded(session: CommandSession, reason: string, principal?: Principal): Promise<void> {
    this.armed.dropSession(session.id);
    this.rate.forget(`${session.id}:`);
    const summarised = this.refusals.end(session.id); // what was only counted is recorded now
    // The jogs' zeros go out first; the releases do not wait for the zeros' records to be durable (a stalled disk would
    // keep the heartbeat of a session that is gone beating meanwhile).
    const jogsEnded = this.jogs.endSession(session.id, 'session-ended', reason);
    // The releases act (and are audited) as the user who held control, though the session is already read-only.
    const acting: CommandSession = principal ? { id: session.id, label: session.label, principal: () => principal, emit: (name, body) => session.emit(name, body) } : session;
    await Promise.all([jogsEnded, this.ownership.releaseSession(acting, (id) => this.deps.equipment.get(id)), summarised]);
  }

  /** A connection changed state: when it stops answering, jogs and claims on it end (no replay after restore). */
  connectionChanged(connectionId: string, state: ConnectionState): void {
    if (state === 'connected' || state === 'degraded') return;
    const eqs = [...this.deps.equipment.all()].filter((e) => e.connectionId === connectionId);
    for (const eq of eqs) this.jogs.drop(eq.equipment.id, 'link-lost', 'The link was lost');
    this.ownership.linkLost(eqs);
  }

  /** The link monitor judged an equipment's link: unsafe ends its jogs, lost also its control (nothing queued or replayed). */
  linkQualityChanged(equipmentId: string, quality: LinkQuality): void {
    if (quality === 'lost') {
      // As with a dropped connection: jogs end and control is released (heartbeat stops, the device's watchdog acts);
      // once the link answers again, control must be taken again explicitly.
      this.jogs.drop(equipmentId, 'link-lost', 'The link stopped answering');
      const eq = this.deps.equipment.get(equipmentId);
      if (eq) this.ownership.linkLost([eq]);
    } else if (quality === 'unsafe') {
      // The link still answers: the zero reference is written (not left to the device's own timeouts).
      void this.jogs.endEquipment(equipmentId, 'link-unsafe', 'The link is too slow or lossy for motion');
    }
  }

  /** The audit log stopped recording: running jogs end (their motion would go on unaudited). */
  auditFailed(): Promise<void> {
    return this.jogs.endAll(AUDIT_FAILED.code, AUDIT_FAILED.text);
  }

  /** A signal changed; owner registers are watched for take-overs by other consoles. */
  signalChanged(eq: ResolvedEquipment): void {
    this.ownership.ownerChanged(eq);
  }

  close(): void {
    this.jogs.close();
    this.ownership.stopAll();
    void this.refusals.endAll();
  }

  /**
   * A maintenance write below the site model: gated by role and link, and gated again once its attempt is recorded
   * (a Modbus write once more when its turn on the link comes; OPC UA has no queue to wait in).
   */
  private async rawWrite(session: CommandSession, connectionId: string, target: string, value: Scalar, execute: (wanted: () => boolean) => Promise<DeviceResult>, kind = 'raw-write', problem?: { code: string; text: string }) {
    const eq = [...this.deps.equipment.all()].find((e) => e.connectionId === connectionId);
    const factsNow = (rateExceeded: boolean) => {
      const link = this.deps.link(connectionId);
      return { minRole: 'maintenance' as const, isStop: false, motion: false, needsOwnership: false, ownsControl: false, remote: undefined, link: link.quality, interlocks: [], rateExceeded };
    };
    const facts = { ...factsNow(!this.maintenanceRate.take(`${session.id}:raw`)), ...(problem ? { targetProblem: problem } : {}) };
    const guard = new SendGuard(() => gate({ ...factsNow(false), role: session.principal()?.role }));
    return runCommand(this.deps, { session, kind, equipmentId: eq?.equipment.id ?? connectionId, target: `${connectionId}:${target}`, newValue: value, facts, guard, execute: () => execute(guard.wanted) });
  }

  /**
   * A write whose `guard` is asked again right before it goes out (see sendGuard); a `motion` write is also withdrawn
   * by a stop on its equipment while it waits in the link queue.
   */
  private async writeBinding(session: CommandSession, eq: ResolvedEquipment, tag: string, value: Scalar, facts: ReturnType<typeof gatherFacts>, kind: string, target: string, verify: boolean, guard: SendGuard, motion = false): Promise<CommandOutcome> {
    const binding = eq.tags.get(tag);
    if (!binding) return UNKNOWN(`${eq.equipment.name} has no tag "${tag}"`);
    const old = this.deps.value(binding.signalId);
    return runCommand(this.deps, {
      session, kind, equipmentId: eq.equipment.id, target, facts,
      ...(old ? { oldValue: typeof old.value === 'bigint' ? old.value.toString() : old.value } : {}),
      newValue: value,
      guard,
      // Queued in the same synchronous step as the guard's first check: a stop after it finds the write in the queue.
      // A write withdrawn on its way is reported with its guard's reason (command-path.ts, executed).
      execute: () => this.deps.device.writeTag(eq, binding, value ?? false, 'control', motion, guard.wanted),
      ...(verify ? { verify: (): Promise<VerifyResult> => this.readBack(eq, tag, value) } : {}),
    });
  }

  /**
   * A command's guard, asked right before it goes out: the gate, asked again, refuses it then if control or the link
   * was lost, a login ended, an interlock tripped or local mode came (or, for motion, the link turned unsafe) while its
   * attempt record was written or it waited for the link; a motion command also ends if the equipment's motion ended
   * since now (see MotionEnds). Value and target were judged when it was asked for; it is never rate-counted again.
   */
  private sendGuard(session: CommandSession, eq: ResolvedEquipment, request: FactsRequest, options: { ignoreMode?: boolean } = {}): SendGuard {
    const epoch = request.motion ? this.jogs.motion.epoch(eq.equipment.id) : undefined;
    return new SendGuard(() => {
      if (epoch !== undefined && this.jogs.motion.epoch(eq.equipment.id) !== epoch) return MOTION_ENDED;
      const facts = gatherFacts(this.deps, this.ownership.table, this.rate, session, eq, { ...request, unmetered: true });
      if (options.ignoreMode) facts.remote = undefined;
      return gate({ ...facts, role: session.principal()?.role });
    });
  }

  private async readBack(eq: ResolvedEquipment, tag: string, expected: Scalar): Promise<VerifyResult> {
    const binding = eq.tags.get(tag);
    if (!binding) return { ok: true as const };
    const read = await this.deps.device.readTag(eq, binding);
    if (!read.ok) return read;
    return sameValue(expected, read.value ?? null, binding.tag) ? { ok: true as const } : { ok: false as const, expected, actual: read.value ?? null };
  }

  private resolveCommand(session: CommandSession, equipmentId: string, command: string, value?: InputValue) {
    const eq = this.deps.equipment.get(equipmentId);
    if (!eq) return { ok: false as const, text: `Unknown equipment "${equipmentId}"` };
    const def = Object.hasOwn(eq.equipment.commands, command) ? eq.equipment.commands[command] : undefined; // own names only ("toString" is no command)
    if (!def || def.kind === 'jog') return { ok: false as const, text: def ? `"${command}" is a jog: hold it` : `${eq.equipment.name} has no command "${command}"` };
    const checked = checkCommandValue(def, def.tag ? eq.tags.get(def.tag)?.tag : undefined, value);
    const facts = gatherFacts(this.deps, this.ownership.table, this.rate, session, eq, {
      minRole: def.minRole,
      motion: def.motion,
      command,
      ...(checked && !checked.ok ? { valueProblem: checked.problem } : {}),
    });
    return { ok: true as const, eq, def, facts, value: checked?.ok ? checked.value : value };
  }

  private async precheck(session: CommandSession, eq: ResolvedEquipment, facts: ReturnType<typeof gatherFacts>) {
    return { refusal: gate({ ...facts, role: session.principal()?.role }), eq };
  }
}
