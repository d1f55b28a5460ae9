/** Engine link, site summary and connection states, outside React, as one immutable snapshot. */
import type { ConnectionStatus } from '../../shared/contract/events';
import type { EquipmentSummary, LabelSummary, SignalInfo } from '../../shared/contract/requests/core';

export type EngineLink = 'connecting' | 'connected' | 'lost';

/** Everything the shell needs besides live values. */
export interface SessionSnapshot {
  engine: EngineLink;
  engineError?: string;
  siteName: string;
  /** The site's name in both languages, when the site file gives it. */
  siteLabel?: LabelSummary | undefined;
  equipment: EquipmentSummary[];
  /** Signal ids by `equipmentId/tag`. */
  signalIds: Map<string, number>;
  connections: Map<string, ConnectionStatus>;
}

/** A tiny observable holding the session snapshot. */
export class SessionStore {
  private snapshot: SessionSnapshot = { engine: 'connecting', siteName: '', equipment: [], signalIds: new Map(), connections: new Map() };
  private readonly listeners = new Set<() => void>();

  getSnapshot = (): SessionSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  setEngine(engine: EngineLink, engineError?: string): void {
    this.update({ engine, ...(engineError ? { engineError } : { engineError: undefined }) });
  }

  setSite(siteName: string, equipment: EquipmentSummary[], signals: SignalInfo[], siteLabel?: LabelSummary): void {
    this.update({ siteName, siteLabel, equipment, signalIds: new Map(signals.map((s) => [`${s.equipmentId}/${s.tag}`, s.id])) });
  }

  setConnection(status: ConnectionStatus): void {
    const connections = new Map(this.snapshot.connections);
    connections.set(status.connectionId, status);
    this.update({ connections });
  }

  private update(patch: Partial<SessionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
