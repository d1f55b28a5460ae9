/**
 * Who holds control of each equipment (mirrors `control.list` and `control.changed`), and the last outcome of each
 * command the operator sent from this window, so a refusal stays shown in place until the next try.
 */
import type { ContractClient } from '../../shared/contract/client';
import type { CommandOutcome } from '../../shared/contract/outcome';
import type { ControlState } from '../../shared/contract/requests/control';

/** How this window lost control of an equipment: the engine's reason, or who holds it now. */
export interface LostHere {
  text?: string;
  holder?: { user: string; console: string };
}

/** Control states by equipment id, outcomes by `equipmentId/command`, and control this window lost. */
export interface ControlSnapshot {
  states: ReadonlyMap<string, ControlState>;
  outcomes: ReadonlyMap<string, CommandOutcome>;
  /**
   * Equipment this window held control of and lost (taken over, the link or the device's watchdog): kept until it
   * takes control again, so the operator reads why, not just a holder that changed (the state after a take-over names
   * the new holder, and no longer why).
   */
  lostHere: ReadonlyMap<string, LostHere>;
}

/** Observable control ownership and recent command outcomes. */
export class ControlStore {
  private snapshot: ControlSnapshot = { states: new Map(), outcomes: new Map(), lostHere: new Map() };
  private readonly listeners = new Set<() => void>();

  getSnapshot = (): ControlSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Binds to a (re)connected client and reads the current holders. */
  attach(client: ContractClient | undefined): void {
    // A new engine link is a new session: control lost in the old one is no longer this window's to report.
    if (!client) return this.update({ states: new Map(), lostHere: new Map() });
    this.update({ lostHere: new Map() });
    client.on('control.changed', (state) => this.setState(state));
    client.request('control.list', {}).then(
      ({ equipment }) => this.update({ states: new Map(equipment.map((s) => [s.equipmentId, s])) }),
      () => undefined,
    );
  }

  /** Re-reads the holders (after a login: `mine` depends on who asks); control lost by an earlier login is forgotten. */
  refresh(client: ContractClient | undefined): void {
    this.update({ lostHere: new Map() });
    client?.request('control.list', {}).then(
      ({ equipment }) => this.update({ states: new Map(equipment.map((s) => [s.equipmentId, s])) }),
      () => undefined,
    );
  }

  setState(state: ControlState): void {
    const before = this.snapshot.states.get(state.equipmentId);
    const states = new Map(this.snapshot.states);
    states.set(state.equipmentId, state);
    const lostHere = new Map(this.snapshot.lostHere);
    if (state.holder?.mine) lostHere.delete(state.equipmentId);
    // Lost, not given up: the engine says why, or someone else holds it now (a release or a logout here says neither).
    else if (before?.holder?.mine && (state.lost || state.holder)) {
      lostHere.set(state.equipmentId, { ...(state.lost ? { text: state.lost.text } : {}), ...(state.holder ? { holder: { user: state.holder.user, console: state.holder.console } } : {}) });
    }
    this.update({ states, lostHere });
  }

  /** The operator read the notice of a control lost here. */
  dismissLost(equipmentId: string): void {
    const lostHere = new Map(this.snapshot.lostHere);
    lostHere.delete(equipmentId);
    this.update({ lostHere });
  }

  /** Records the outcome of `command` on `equipmentId` (key `equipmentId/command`). */
  setOutcome(equipmentId: string, command: string, outcome: CommandOutcome | undefined): void {
    const outcomes = new Map(this.snapshot.outcomes);
    const key = `${equipmentId}/${command}`;
    if (outcome) outcomes.set(key, outcome);
    else outcomes.delete(key);
    this.update({ outcomes });
  }

  private update(patch: Partial<ControlSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
