/**
 * Who holds control of each equipment (mirrors `control.list` and `control.changed`), and the last outcome of each
 * command the operator sent from this window, so a refusal stays shown in place until the next try.
 */
import type { ContractClient } from '../../shared/contract/client';
import type { CommandOutcome } from '../../shared/contract/outcome';
import type { ControlState } from '../../shared/contract/requests/control';

/** Control states by equipment id, and outcomes by `equipmentId/command`. */
export interface ControlSnapshot {
  states: ReadonlyMap<string, ControlState>;
  outcomes: ReadonlyMap<string, CommandOutcome>;
}

/** Observable control ownership and recent command outcomes. */
export class ControlStore {
  private snapshot: ControlSnapshot = { states: new Map(), outcomes: new Map() };
  private readonly listeners = new Set<() => void>();

  getSnapshot = (): ControlSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Binds to a (re)connected client and reads the current holders. */
  attach(client: ContractClient | undefined): void {
    if (!client) return this.update({ states: new Map() });
    client.on('control.changed', (state) => this.setState(state));
    client.request('control.list', {}).then(
      ({ equipment }) => this.update({ states: new Map(equipment.map((s) => [s.equipmentId, s])) }),
      () => undefined,
    );
  }

  /** Re-reads the holders (after a login: `mine` depends on who asks). */
  refresh(client: ContractClient | undefined): void {
    client?.request('control.list', {}).then(
      ({ equipment }) => this.update({ states: new Map(equipment.map((s) => [s.equipmentId, s])) }),
      () => undefined,
    );
  }

  setState(state: ControlState): void {
    const states = new Map(this.snapshot.states);
    states.set(state.equipmentId, state);
    this.update({ states });
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
