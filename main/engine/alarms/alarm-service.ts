/**
 * The engine's alarms: evaluated here on every change of the signals they read and of the connections they watch,
 * so a client that is away loses nothing — every transition is broadcast and written to the alarm history as it
 * happens. Acknowledge, shelve and unshelve are operator actions: role checked and audited (alarm-commands.ts).
 */
import type { ConnectionState } from '../../../shared/contract/events';
import type { AlarmInfo, AlarmTransition } from '../../../shared/contract/requests/alarms';
import { DelayFilter } from './alarm-condition';
import type { AlarmDef } from './alarm-defs';
import { annunciated, NORMAL, stateName, step, type AlarmInput, type AlarmStatus, type Shelve } from './alarm-state';
import type { PersistedAlarm, SavedAlarms } from './alarm-persistence';
import { FloodCounter } from './flood';
import { SignalIdSet } from '../telemetry/signal-id-set';

/** One live alarm. */
interface Instance {
  def: AlarmDef;
  filter: DelayFilter;
  status: AlarmStatus;
  since: number;
  /** When its condition last became active (what an operator asks first: when did it come in); kept after it returns. */
  raisedAt?: number;
  /** Suppressed by its `suppressWhen`, as last known: kept while that expression's inputs are missing or stale. */
  designSuppressed: boolean;
  /**
   * Its inputs were unknown at its last evaluation: evaluated again every tick until known. An input that aged out
   * comes back by a confirmation alone, which is no change, so no change event would evaluate it.
   */
  inputsUnknown: boolean;
}

/** Who caused a transition, and why. */
export interface Cause {
  user?: string;
  comment?: string;
}

/** What the engine hears besides transitions. */
export interface AlarmHooks {
  /** An alarm's state changed (its persisted part may have). */
  changed?(): void;
  /** A shelve ran out and the alarm is annunciated again (audited by the engine, as the system). */
  shelveExpired?(alarm: AlarmInfo, shelved: Shelve): void;
}

/** The longest shelve an operator can ask for (the `alarms.shelve` request's bound): 24 h. */
export const MAX_SHELVE_MS = 86_400_000;

/** Timer period for on/off delays and shelve expiry. */
const TICK_MS = 200;

/** Evaluates and holds every alarm of the site. */
export class AlarmService {
  private readonly instances = new Map<string, Instance>();
  private readonly bySignal = new Map<number, Instance[]>();
  /** The ids in bySignal, asked about on every change of every signal. */
  private readonly alarmedSignals: SignalIdSet;
  private readonly byConnection = new Map<string, Instance[]>();
  private readonly timer: ReturnType<typeof setInterval>;
  /** Equipment taken out of service at runtime: its alarms are suppressed by design. */
  private readonly outOfServiceEquipment = new Set<string>();
  readonly flood: FloodCounter;

  constructor(
    defs: readonly AlarmDef[],
    private readonly now: () => number,
    private readonly emit: (transition: AlarmTransition) => void,
    /** Set by the engine (persistence, audited expiry); empty in unit tests. */
    readonly hooks: AlarmHooks = {},
  ) {
    this.flood = new FloodCounter(now);
    for (const def of defs) {
      const instance: Instance = { def, filter: new DelayFilter(def.onDelayMs, def.offDelayMs), status: { ...NORMAL, outOfService: def.outOfService }, since: now(), designSuppressed: false, inputsUnknown: false };
      this.instances.set(def.key, instance);
      for (const id of new Set(def.signals)) this.bySignal.set(id, [...(this.bySignal.get(id) ?? []), instance]);
      if (def.connectionId) this.byConnection.set(def.connectionId, [...(this.byConnection.get(def.connectionId) ?? []), instance]);
    }
    this.alarmedSignals = new SignalIdSet(this.bySignal.keys());
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref?.();
  }

  /** Every alarm as it stands. */
  list(): AlarmInfo[] {
    return [...this.instances.values()].map((i) => this.info(i));
  }

  /** One alarm by key. */
  get(key: string): AlarmInfo | undefined {
    const instance = this.instances.get(key);
    return instance ? this.info(instance) : undefined;
  }

  /**
   * Restores acknowledgements, shelves and suppressions saved before a restart (unknown keys and equipment are
   * ignored). The condition starts as saved, so an alarm acknowledged while active stays acknowledged when its input
   * comes back still active; a shelve that ran out meanwhile ends on the next tick, audited like any other expiry; an
   * alarm hidden when saved stays hidden, and one shown now that was hidden then asks for acknowledgement.
   */
  restore(saved: SavedAlarms, shelveDropped?: (key: string, shelved: Shelve) => void): number {
    for (const equipmentId of saved.outOfService ?? []) if (this.hasEquipment(equipmentId)) this.outOfServiceEquipment.add(equipmentId);
    let restored = 0;
    // No shelve may run longer than the longest an operator can ask for: a file edited (or a clock set back) must not
    // keep an alarm hidden for longer. Such a shelve is dropped and the alarm annunciates.
    const latestUntil = this.now() + MAX_SHELVE_MS;
    for (const [key, alarm] of Object.entries(saved.alarms)) {
      const instance = this.instances.get(key);
      if (!instance) continue;
      const shelved = alarm.shelved && alarm.shelved.until <= latestUntil ? alarm.shelved : undefined;
      if (alarm.shelved && !shelved) shelveDropped?.(key, alarm.shelved);
      instance.designSuppressed = alarm.suppressed === true && instance.def.suppressed !== undefined;
      instance.status = { ...instance.status, active: alarm.active, acked: alarm.acked, ...(shelved && !instance.status.outOfService ? { shelved: { ...shelved } } : {}) };
      instance.since = alarm.since;
      const raisedAt = alarm.raisedAt ?? (alarm.active ? alarm.since : undefined); // files before raisedAt was kept
      if (raisedAt !== undefined) instance.raisedAt = raisedAt;
      instance.filter.seed(alarm.active);
      restored++;
    }
    for (const instance of this.instances.values()) instance.status = { ...instance.status, suppressed: this.suppressedNow(instance) };
    return restored;
  }

  /**
   * What a restart must keep: every alarm that is not plainly normal, and the equipment out of service. A hidden
   * alarm's acknowledgement means nothing (it tracks its condition unacknowledged-free), so it is saved as showing it
   * would ask: an active one unacknowledged, never as acknowledged by an operator who never saw it.
   */
  snapshot(): SavedAlarms {
    const alarms: Record<string, PersistedAlarm> = {};
    for (const [key, { status, since, raisedAt, designSuppressed }] of this.instances) {
      const acked = annunciated(status) ? status.acked : !status.active;
      if (!status.active && acked && !status.shelved && !designSuppressed) continue;
      alarms[key] = { active: status.active, acked, since, ...(raisedAt !== undefined ? { raisedAt } : {}), ...(status.shelved ? { shelved: { ...status.shelved } } : {}), ...(designSuppressed ? { suppressed: true as const } : {}) };
    }
    return { alarms, ...(this.outOfServiceEquipment.size > 0 ? { outOfService: [...this.outOfServiceEquipment] } : {}) };
  }

  /** A signal changed: re-evaluates the alarms that read it. */
  signalChanged(signalId: number): void {
    // Called for every change of every signal: most have no alarm, so return before any lookup or allocation.
    if (!this.alarmedSignals.has(signalId)) return;
    const instances = this.bySignal.get(signalId);
    if (instances === undefined) return;
    for (let i = 0; i < instances.length; i++) this.evaluate(instances[i] as Instance);
  }

  /**
   * A connection changed state: its link alarms follow. Lost = backoff or failed, degraded = degraded; connecting
   * and disconnected (engine stopping) keep the state, so a retry does not clear a lost link (a connection is
   * connected only once answered: a silent device behind an open socket never clears it).
   */
  connectionChanged(connectionId: string, state: ConnectionState): void {
    const lost = state === 'backoff' || state === 'failed' ? true : state === 'connected' || state === 'degraded' ? false : undefined;
    if (lost === undefined) return;
    for (const instance of this.byConnection.get(connectionId) ?? []) {
      const active = instance.def.linkWatch === 'degraded' ? state === 'degraded' : lost;
      // Through the alarm's on/off delay, as a tag alarm's condition (the tick completes a change that waits).
      this.apply(instance, { type: 'condition', active: instance.filter.update(active, this.now()) }, {});
    }
  }

  /** Suppresses (or restores) every alarm of an equipment; false when the site has no such equipment. */
  suppressEquipment(equipmentId: string, on: boolean, cause: Cause): boolean {
    const list = [...this.instances.values()].filter((i) => i.def.equipmentId === equipmentId);
    if (list.length === 0) return false;
    if (on) this.outOfServiceEquipment.add(equipmentId);
    else this.outOfServiceEquipment.delete(equipmentId);
    for (const instance of list) this.apply(instance, { type: 'suppress', on: this.suppressedNow(instance) }, cause);
    this.hooks.changed?.(); // saved even when no alarm's state moved (all suppressed by design, say)
    return true;
  }

  /** True when the site has this equipment. */
  hasEquipment(equipmentId: string): boolean {
    return [...this.instances.values()].some((i) => i.def.equipmentId === equipmentId);
  }

  /** Tries an operator input on an alarm; the machine's refusal, or the transition (already applied and emitted). */
  operate(key: string, input: AlarmInput, cause: Cause): { ok: true } | { ok: false; code: string; text: string } {
    const instance = this.instances.get(key);
    if (!instance) return { ok: false, code: 'not-found', text: `Unknown alarm "${key}"` };
    const result = step(instance.status, input);
    if (!result.ok) return result;
    this.commit(instance, result.status, cause);
    return { ok: true };
  }

  /** Checks an operator input without applying it (so the audit record is written before the state changes). */
  check(key: string, input: AlarmInput): { ok: true; info: AlarmInfo } | { ok: false; code: string; text: string } {
    const instance = this.instances.get(key);
    if (!instance) return { ok: false, code: 'not-found', text: `Unknown alarm "${key}"` };
    const result = step(instance.status, input);
    return result.ok ? { ok: true, info: this.info(instance) } : result;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private evaluate(instance: Instance): void {
    const { def } = instance;
    this.apply(instance, { type: 'suppress', on: this.suppressedNow(instance) }, {});
    const raw = def.condition?.(instance.filter.output);
    instance.inputsUnknown = raw === undefined && def.condition !== undefined;
    if (raw === undefined) {
      // Missing or stale input: the alarm keeps its state (the link alarm tells why), and a change waiting out its
      // on- or off-delay starts over once the value is known again, instead of completing on a value no longer there.
      instance.filter.cancelPending();
      return;
    }
    this.apply(instance, { type: 'condition', active: instance.filter.update(raw, this.now()) }, {});
  }

  /**
   * Whether the alarm is suppressed now: its equipment out of service, or its `suppressWhen` true. While that
   * expression's inputs are missing or stale it stays as last known: a lost link must neither show alarms the design
   * hides (a flood of alarms on stale data) nor hide shown ones.
   */
  private suppressedNow(instance: Instance): boolean {
    const byDesign = instance.def.suppressed?.();
    if (byDesign !== undefined && byDesign !== instance.designSuppressed) {
      instance.designSuppressed = byDesign;
      this.hooks.changed?.();
    }
    return this.outOfServiceEquipment.has(instance.def.equipmentId) || instance.designSuppressed;
  }

  private tick(): void {
    const now = this.now();
    for (const instance of this.instances.values()) {
      // A change waiting out its delay completes only on inputs still known now: one aged out since its last change
      // (no change event comes for that) starts the delay over, as in evaluate. Unknown inputs are asked again until
      // known: one confirmed again after ageing out brings no change event either.
      if (instance.def.condition && (instance.filter.pending || instance.inputsUnknown)) this.evaluate(instance);
      else if (instance.filter.pending) this.apply(instance, { type: 'condition', active: instance.filter.settle(now) }, {});
      const shelved = instance.status.shelved;
      if (!shelved) continue;
      this.apply(instance, { type: 'tick', now }, { comment: 'shelve expired' });
      if (!instance.status.shelved) this.hooks.shelveExpired?.(this.info(instance), shelved);
    }
  }

  private apply(instance: Instance, input: AlarmInput, cause: Cause): void {
    const result = step(instance.status, input);
    if (result.ok && result.status !== instance.status) this.commit(instance, result.status, cause);
  }

  private commit(instance: Instance, status: AlarmStatus, cause: Cause): void {
    const previous = instance.status;
    instance.status = status;
    this.hooks.changed?.();
    const before = stateName(previous);
    if (stateName(status) === before && previous.active === status.active && previous.shelved === status.shelved) return;
    instance.since = this.now();
    if (status.active && !previous.active) {
      instance.raisedAt = instance.since;
      this.flood.raised(instance.def.priority);
    }
    this.emit({ ...withoutSince(this.info(instance)), at: instance.since, previous: before, ...(cause.user ? { user: cause.user } : {}), ...(cause.comment ? { comment: cause.comment } : {}) });
  }

  private info(instance: Instance): AlarmInfo {
    const { def, status } = instance;
    return {
      key: def.key, equipmentId: def.equipmentId, alarmId: def.alarmId, priority: def.priority, message: def.message,
      ...(def.label ? { label: def.label } : {}),
      state: stateName(status), active: status.active, acked: status.acked, since: instance.since,
      ...(instance.raisedAt !== undefined ? { raisedAt: instance.raisedAt } : {}),
      ...(status.shelved ? { shelved: status.shelved } : {}),
    };
  }

  /** Flood figures over the current alarms. */
  floodFigures() {
    const all = [...this.instances.values()];
    return this.flood.figures(all.filter((i) => i.status.active).length, all.filter((i) => !i.status.acked).length);
  }
}

function withoutSince(info: AlarmInfo): Omit<AlarmInfo, 'since'> {
  const { since: _since, ...rest } = info;
  return rest;
}
