/**
 * Control ownership: take, release and take over an equipment through its owner register/variable, the heartbeat
 * that keeps the claim alive at the device, and every way a claim is lost (taken over elsewhere, link lost, session
 * closed or locked). After any loss the operator must take control again: nothing re-arms by itself.
 */
import type { CommandOutcome } from '../../../shared/contract/outcome';
import { refused } from '../../../shared/contract/outcome';
import type { ControlState } from '../../../shared/contract/requests/control';
import { Quality } from '../../../shared/contract/telemetry';
import type { CommandDeps, CommandSession } from './command-context';
import { audit, auditRefusal, runCommand, type VerifyResult } from './command-path';
import type { ResolvedEquipment } from './equipment-index';
import { gatherFacts } from './facts';
import { Heartbeats, heartbeatWrap } from './heartbeat';
import { writeWhileTransient } from './stop-attempts';
import type { OwnershipTable } from './ownership-table';
import type { RateLimiter } from './rate-limit';

/** Told when an equipment's claim starts (jog sequences restart) and ends (its jogs end with it). */
export interface ClaimHooks {
  started(equipmentId: string): void;
  /** The claim is gone and the device stops by itself (link lost, taken elsewhere): forget the jogs. */
  ended(equipmentId: string): void;
  /** The claim moves or is released here: write every jog of the equipment to zero first. */
  zero(equipmentId: string): Promise<void>;
}

/** How long after a take the owner register must have shown this console in the scanned values. */
const CONFIRM_TAKE_MS = 3_000;

/** Take, release, take over, and loss of control. */
export class OwnershipControl {
  readonly heartbeats = new Heartbeats();
  private readonly turns = new Map<string, Promise<unknown>>();
  /** Takes and releases queued or running per equipment. */
  private readonly queued = new Map<string, number>();
  /** Link losses seen per equipment: a take that straddles one does not start a claim. */
  private readonly losses = new Map<string, number>();
  /**
   * Equipment whose owner register this engine set back to 0 (acknowledged) since the scan last saw it change: until
   * the scan reads it again, its older reading (this console) is not the device's state.
   */
  private readonly releasedHere = new Set<string>();

  constructor(
    private readonly deps: CommandDeps,
    private readonly rate: RateLimiter,
    readonly table: OwnershipTable,
    private readonly hooks: ClaimHooks,
  ) {}

  /** The control state of one equipment, as `session` sees it. */
  state(eq: ResolvedEquipment, session?: CommandSession, lost?: ControlState['lost']): ControlState {
    const claim = this.table.holder(eq.equipment.id);
    const scanned = this.deviceOwner(eq);
    const released = !claim && scanned === this.deps.consoleId && this.releasedHere.has(eq.equipment.id);
    return {
      equipmentId: eq.equipment.id,
      holder: claim ? { user: claim.user, console: claim.console, mine: claim.sessionId === session?.id } : null,
      deviceOwner: released ? 0 : scanned,
      consoleId: this.deps.consoleId,
      ...(lost ? { lost } : {}),
    };
  }

  /** Takes control; `takeOver` is the operator's confirmation to take it from whoever holds it. */
  take(session: CommandSession, eq: ResolvedEquipment, takeOver: boolean): Promise<CommandOutcome> {
    // One take at a time per equipment: two sessions must never both be told they took it without a take-over.
    return this.inTurn(eq.equipment.id, () => this.takeNow(session, eq, takeOver));
  }

  /**
   * Takes and releases of one equipment run one after another: a release still making its records durable must not
   * drop, and stop the heartbeat of, a claim a take-over made meanwhile.
   */
  private inTurn(id: string, work: () => Promise<CommandOutcome>): Promise<CommandOutcome> {
    const previous = this.turns.get(id) ?? Promise.resolve();
    this.queued.set(id, (this.queued.get(id) ?? 0) + 1);
    const next = previous.then(work).finally(() => this.queued.set(id, (this.queued.get(id) ?? 1) - 1));
    this.turns.set(id, next.catch(() => undefined));
    return next;
  }

  private async takeNow(session: CommandSession, eq: ResolvedEquipment, takeOver: boolean): Promise<CommandOutcome> {
    const id = eq.equipment.id;
    const lossesBefore = this.losses.get(id) ?? 0;
    const claim = this.table.holder(id);
    if (claim?.sessionId === session.id) return { status: 'ok', latencyMs: 0 };
    // The owner register is read fresh: a scan may not have seen another console's take yet.
    const deviceOwner = await this.freshOwner(eq);
    const otherConsole = deviceOwner !== null && deviceOwner !== 0 && deviceOwner !== this.deps.consoleId;
    const facts = gatherFacts(this.deps, this.table, this.rate, session, eq, { minRole: 'operator', needsOwnership: false });
    facts.remote = undefined; // taking control does not need remote mode; commands do
    if (!takeOver && (claim || otherConsole)) {
      const holder = claim ? `${claim.user} on ${claim.console}` : `console ${deviceOwner}`;
      const refusal = refused('ownership', 'owned-by-other', `${holder} has control; confirm a take-over to take it`, { holder });
      await auditRefusal(this.deps, session, { kind: 'control', console: session.label, equipment: id, target: 'take', outcome: 'refused', stage: refusal.stage, code: refusal.code, reason: refusal.text, ...who(session) });
      return refusal;
    }
    const ownerTag = eq.equipment.controlOwner ? eq.tags.get(eq.equipment.controlOwner.tag) : undefined;
    const takeOverName = eq.equipment.controlOwner?.takeOverTag;
    const takeOverTag = takeOverName ? eq.tags.get(takeOverName) : undefined;
    const useTakeOver = takeOver && otherConsole && takeOverTag !== undefined;
    const outcome = await runCommand(this.deps, {
      session,
      kind: 'control',
      equipmentId: id,
      target: takeOver ? 'take-over' : 'take',
      oldValue: deviceOwner,
      newValue: this.deps.consoleId,
      facts,
      execute: async () => {
        if (!ownerTag) return { ok: true }; // no owner register: control is this engine's bookkeeping only
        return this.deps.device.writeTag(eq, useTakeOver ? takeOverTag : ownerTag, this.deps.consoleId, 'control');
      },
      ...(ownerTag
        ? {
            verify: async (): Promise<VerifyResult> => {
              const read = await this.deps.device.readTag(eq, ownerTag);
              if (!read.ok) return read;
              return read.value === this.deps.consoleId ? { ok: true as const } : { ok: false as const, expected: this.deps.consoleId, actual: read.value ?? null };
            },
          }
        : {}),
    });
    if (outcome.status !== 'ok') return outcome;
    // The link lost while the take was on its way: the loss found no claim to end, so none may start now (control is
    // taken again explicitly once the link is back, never resumed by itself).
    if ((this.losses.get(id) ?? 0) !== lossesBefore) return refused('link', 'link-lost', 'The link was lost while control was being taken; take it again when the link is back');
    const ended = () => session.isOpen?.() === false || !session.principal();
    if (claim && !ended()) {
      // A take-over between two sessions of this console: the device sees no owner change, so zero the jogs here.
      await this.hooks.zero(id);
      // A taker gone during the zero takes nothing: the holder keeps control (its jogs are zeroed, its heartbeat goes on).
      if (!ended()) this.end(id, { code: 'taken-over', text: `${who(session).user ?? 'another user'} on ${session.label} took control` });
    }
    // Checked again after zeroing the jogs (a device round trip and a record): a session gone by then must not be
    // left holding a claim and a heartbeat nobody ends.
    if (ended()) {
      // The client closed or logged out while the take was on its way: give control straight back (unless the claim
      // it was taking over is still there: that session keeps it).
      if (ownerTag && !this.table.holder(id) && (await writeWhileTransient(() => this.deps.device.writeTag(eq, ownerTag, 0, 'control'))).ok) this.releasedHere.add(id);
      const refusal = refused('session', 'session-ended', 'The session ended while control was being taken');
      // The trail shows the take's write acknowledged: it also says the take came to nothing.
      void audit(this.deps, { kind: 'control', console: session.label, equipment: id, target: takeOver ? 'take-over' : 'take', outcome: 'refused', stage: refusal.stage, code: refusal.code, reason: refusal.text, ...who(session) });
      return refusal;
    }
    const principal = session.principal();
    this.releasedHere.delete(id);
    this.table.set(id, { sessionId: session.id, user: principal?.user ?? '?', console: session.label, since: this.deps.now(), seenOnDevice: false });
    this.hooks.started(id);
    this.startHeartbeat(eq);
    this.confirmLater(eq);
    this.deps.broadcast('control.changed', this.state(eq));
    return outcome;
  }

  /** Releases control (the device's owner register back to 0). */
  release(session: CommandSession, eq: ResolvedEquipment): Promise<CommandOutcome> {
    return this.inTurn(eq.equipment.id, () => this.releaseNow(session, eq));
  }

  private async releaseNow(session: CommandSession, eq: ResolvedEquipment): Promise<CommandOutcome> {
    const id = eq.equipment.id;
    const claim = this.table.holder(id);
    if (claim?.sessionId !== session.id) {
      const refusal = refused('ownership', 'not-owner', 'You do not hold control of this equipment');
      await auditRefusal(this.deps, session, { kind: 'control', console: session.label, equipment: id, target: 'release', outcome: 'refused', stage: refusal.stage, code: refusal.code, reason: refusal.text, ...who(session) });
      return refusal;
    }
    await this.hooks.zero(id); // jogs to zero before the claim goes
    const ownerTag = eq.equipment.controlOwner ? eq.tags.get(eq.equipment.controlOwner.tag) : undefined;
    const facts = gatherFacts(this.deps, this.table, this.rate, session, eq, { minRole: 'operator', unmetered: true });
    facts.remote = undefined;
    facts.link = facts.link === 'lost' ? 'lost' : 'good';
    const outcome = await runCommand(this.deps, {
      session,
      kind: 'control',
      equipmentId: id,
      target: 'release',
      oldValue: this.deps.consoleId,
      newValue: 0,
      facts,
      execute: async () => {
        // The owner read from the device, not the scanned value (on a slow link the scan may not have seen our take
        // yet), and read while our heartbeats still run, so the write below follows the last beat closely. Only a
        // positive sign of another console's take-over skips the write: skipping it otherwise would leave the device
        // owned with no heartbeat, and its watchdog would trip and latch a fault.
        const owner = ownerTag ? await this.freshOwner(eq) : null;
        // Heartbeats end first and the last one lands before the owner goes to 0, so none re-arms the watchdog later.
        claim.releasing = true;
        await this.heartbeats.stop(id);
        const takenByOther = owner !== null && owner !== 0 && owner !== this.deps.consoleId;
        // Tried again while a noisy line lets nothing out: control is released here whatever happens, and a device still
        // naming this console with no heartbeat would trip its watchdog and latch a fault.
        if (!ownerTag || takenByOther) return { ok: true };
        const written = await writeWhileTransient(() => this.deps.device.writeTag(eq, ownerTag, 0, 'control'));
        if (written.ok) this.releasedHere.add(id);
        return written;
      },
    });
    // Released here whatever the device said: this console's heartbeat has stopped, so the device's watchdog takes over.
    this.table.drop(id);
    void this.heartbeats.stop(id); // refused before execute: still stop beating
    this.deps.broadcast('control.changed', this.state(eq));
    return outcome;
  }

  /** Releases everything a session holds (it closed, logged out or locked). */
  async releaseSession(session: CommandSession, eqs: (id: string) => ResolvedEquipment | undefined): Promise<void> {
    for (const id of this.table.heldBy(session.id)) {
      // A release that must wait its turn (a take under way, perhaps held by a stalled disk) must not leave the
      // heartbeat of a session that is gone beating meanwhile: it stops now, and the device's watchdog takes over.
      const claim = this.table.holder(id);
      if (claim && (this.queued.get(id) ?? 0) > 0) {
        claim.releasing = true;
        void this.heartbeats.stop(id);
      }
    }
    for (const id of this.table.heldBy(session.id)) {
      const eq = eqs(id);
      if (eq) await this.release(session, eq);
    }
  }

  /**
   * A new value of an owner signal: a claim whose device owner is now someone else is lost. With nobody here holding
   * control, every window hears who the device names now (another console's take, a release seen, a stale owner).
   */
  ownerChanged(eq: ResolvedEquipment): void {
    const owner = this.deviceOwner(eq);
    const claim = this.table.holder(eq.equipment.id);
    if (owner !== null && owner !== this.deps.consoleId) this.releasedHere.delete(eq.equipment.id); // the scan caught up
    if (!claim) {
      if ((this.queued.get(eq.equipment.id) ?? 0) === 0) this.deps.broadcast('control.changed', this.state(eq));
      return;
    }
    if (owner === null || claim.releasing) return;
    if (owner === this.deps.consoleId) {
      claim.seenOnDevice = true;
      return;
    }
    // Until the scanned values have shown this console as owner once, an older reading may still show the previous
    // owner (the take was verified by a direct read-back); confirmLater() checks the device if that lasts.
    if (!claim.seenOnDevice) return;
    this.end(eq.equipment.id, { code: 'taken-elsewhere', text: owner === 0 ? 'The equipment released control (local mode or reset)' : `Console ${owner} took control` }, eq);
  }

  /** The link of `eqs` stopped answering: every claim on it is lost, and must be taken again after restore. */
  linkLost(eqs: readonly ResolvedEquipment[]): void {
    for (const eq of eqs) this.losses.set(eq.equipment.id, (this.losses.get(eq.equipment.id) ?? 0) + 1);
    for (const eq of eqs) if (this.table.holder(eq.equipment.id)) this.end(eq.equipment.id, { code: 'link-lost', text: 'The link was lost; take control again when it is back' }, eq);
  }

  stopAll(): void {
    this.heartbeats.stopAll();
  }

  private end(id: string, lost: { code: string; text: string }, eq?: ResolvedEquipment): void {
    const claim = this.table.drop(id);
    void this.heartbeats.stop(id);
    this.hooks.ended(id);
    if (!claim) return;
    void audit(this.deps, { kind: 'control', user: claim.user, console: claim.console, equipment: id, target: 'lost', outcome: 'lost', code: lost.code, reason: lost.text });
    const resolved = eq ?? this.deps.equipment.get(id);
    if (resolved) this.deps.broadcast('control.changed', this.state(resolved, undefined, lost));
  }

  private startHeartbeat(eq: ResolvedEquipment): void {
    const config = eq.equipment.heartbeat;
    const binding = config ? eq.tags.get(config.tag) : undefined;
    if (!config || !binding) return;
    const toggles = binding.tag.type === 'bool';
    this.heartbeats.start(eq.equipment.id, config.periodMs, (counter, wanted) => this.deps.device.writeTag(eq, binding, toggles ? counter === 1 : counter, 'control', false, wanted), heartbeatWrap(binding.tag.type));
  }

  /**
   * The owner register read now (falls back to the last scanned value when the read fails). A doubtful read still
   * names the owner for a take's or a release's decision: another console's id there must never be written over.
   * It never confirms this console's own take (`confirmLater`), which waits for a good read.
   */
  private async freshOwner(eq: ResolvedEquipment, confirmingOwnTake = false): Promise<number | null> {
    const tag = eq.equipment.controlOwner ? eq.tags.get(eq.equipment.controlOwner.tag) : undefined;
    if (!tag) return null;
    const read = await this.deps.device.readTag(eq, tag, 'mark');
    if (!read.ok || typeof read.value !== 'number') return this.deviceOwner(eq);
    return confirmingOwnTake && read.doubtful && read.value === this.deps.consoleId ? null : read.value;
  }

  /** A take whose scanned owner value never showed this console: read the device once, and end the claim if it is not ours. */
  private confirmLater(eq: ResolvedEquipment): void {
    const id = eq.equipment.id;
    const claim = this.table.holder(id);
    if (!claim || !eq.equipment.controlOwner) return;
    const timer = setTimeout(() => {
      if (this.table.holder(id) !== claim || claim.seenOnDevice) return;
      void this.freshOwner(eq, true).then((owner) => {
        if (this.table.holder(id) !== claim) return;
        if (owner === this.deps.consoleId) claim.seenOnDevice = true;
        else if (owner !== null) this.end(id, { code: 'taken-elsewhere', text: `Console ${owner} holds control` }, eq);
      });
    }, CONFIRM_TAKE_MS);
    timer.unref?.();
  }

  /** The owner register's value when it is fresh, else null. */
  private deviceOwner(eq: ResolvedEquipment): number | null {
    const tag = eq.equipment.controlOwner ? eq.tags.get(eq.equipment.controlOwner.tag) : undefined;
    const value = tag ? this.deps.value(tag.signalId) : undefined;
    return value && value.quality === Quality.good && typeof value.value === 'number' ? value.value : null;
  }
}

function who(session: CommandSession): { user?: string; role?: string } {
  const p = session.principal();
  return p ? { user: p.user, role: p.role } : {};
}
