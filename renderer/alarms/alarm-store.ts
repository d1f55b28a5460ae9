/**
 * The alarms as the engine has them (mirrors `alarms.list` and `alarm.changed`), outside React. Alarms are evaluated
 * in the engine only; this store never decides a state, it shows the engine's.
 */
import type { ContractClient } from '../../shared/contract/client';
import type { AlarmInfo, AlarmTransition } from '../../shared/contract/requests/alarms';

/** Flood figures from the engine. */
export interface FloodFigures {
  active: number;
  unacked: number;
  raisedLast10Min: number;
  flooding: boolean;
}

/** Current alarms by key and the engine's flood figures. */
export interface AlarmSnapshot {
  alarms: ReadonlyMap<string, AlarmInfo>;
  flood?: FloodFigures;
  /** False until the first list arrived (and while the engine link is down). */
  loaded: boolean;
}

/** The alarm info a transition carries (the transition's time is when the state began). */
export function infoOf(t: AlarmTransition): AlarmInfo {
  const { at, previous: _previous, user: _user, comment: _comment, ...rest } = t;
  return { ...rest, since: at };
}

/** Observable alarms bound to the current engine client. */
export class AlarmStore {
  private snapshot: AlarmSnapshot = { alarms: new Map(), loaded: false };
  private readonly listeners = new Set<() => void>();
  private readonly transitionListeners = new Set<(t: AlarmTransition) => void>();
  private client: ContractClient | undefined;

  getSnapshot = (): AlarmSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Calls `listener` with every transition as it arrives (the sound listens here). */
  onTransition(listener: (t: AlarmTransition) => void): () => void {
    this.transitionListeners.add(listener);
    return () => this.transitionListeners.delete(listener);
  }

  /** The current client (undefined while the engine link is down). */
  get currentClient(): ContractClient | undefined {
    return this.client;
  }

  /** Binds to a (re)connected client and reads the current alarms. */
  attach(client: ContractClient | undefined): void {
    this.client = client;
    if (!client) return this.update({ loaded: false });
    client.on('alarm.changed', (t) => this.applyTransition(t));
    this.refresh();
  }

  /** Re-reads the list; alarms that changed meanwhile keep the newer state. */
  refresh(): void {
    this.client?.request('alarms.list', {}).then(
      ({ alarms, flood }) => {
        const merged = new Map(alarms.map((a) => [a.key, a]));
        for (const [key, mine] of this.snapshot.alarms) {
          const listed = merged.get(key);
          if (listed && mine.since > listed.since) merged.set(key, mine); // an event newer than the list
        }
        this.update({ alarms: merged, flood, loaded: true });
      },
      () => undefined, // the link closed again; the next attach re-reads
    );
  }

  /** Applies one transition from the engine. */
  applyTransition(t: AlarmTransition): void {
    const alarms = new Map(this.snapshot.alarms);
    alarms.set(t.key, infoOf(t));
    this.update({ alarms });
    for (const listener of this.transitionListeners) listener(t);
  }

  private update(patch: Partial<AlarmSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
