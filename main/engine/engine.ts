/**
 * The engine: owns the site, the connections and their drivers, the latest values, and the attached clients.
 * Plain Node, no Electron: serve mode, Electron's utility process and tests all run this same class.
 */
import type { Carrier } from '../../shared/contract/carriers/carrier';
import type { ConnectionStatus, EventName, EventOf } from '../../shared/contract/events';
import type { SignalInfo } from '../../shared/contract/requests/core';
import type { SiteFile } from '../../shared/site/schema';
import { ConnectionSupervisor } from './connections/supervisor';
import type { Logger, TagBinding } from './drivers/driver';
import { factoryFor, type DriverFactoryTable } from './drivers/registry';
import { handlers } from './handlers';
import { createLogger } from './log';
import { ClientSession } from './session/client-session';
import { SignalStore } from './telemetry/signal-store';

export interface EngineOptions {
  site: SiteFile;
  siteFile: string;
  dataDir: string;
  factories: DriverFactoryTable;
  log?: Logger;
  /** Upper bound of telemetry frames per second per client (display tick). */
  maxHz?: number;
}

/** The running engine. */
export class Engine {
  readonly startedAt = Date.now();
  readonly store = new SignalStore();
  readonly signals: SignalInfo[] = [];
  readonly bindings = new Map<string, TagBinding[]>();
  readonly supervisors = new Map<string, ConnectionSupervisor>();
  readonly log: Logger;
  readonly maxHz: number;
  private readonly sessions = new Set<ClientSession<Engine>>();
  private nextSession = 1;

  constructor(readonly options: EngineOptions) {
    this.log = options.log ?? createLogger();
    this.maxHz = Math.min(60, options.maxHz ?? 60);
    this.bindSignals(options.site);
    this.store.subscribe((id, value) => {
      for (const session of this.sessions) session.telemetry.offer(id, value);
    });
    for (const connection of options.site.connections) {
      this.supervisors.set(
        connection.id,
        new ConnectionSupervisor({
          connection,
          factory: factoryFor(options.factories, connection),
          bindings: this.bindings.get(connection.id) ?? [],
          scanClasses: Object.fromEntries(Object.entries(options.site.scanClasses).map(([name, c]) => [name, c.periodMs])),
          dataDir: options.dataDir,
          log: this.log,
          onSamples: (samples) => this.store.apply(samples),
          onStatus: (status) => this.onStatus(status),
          onRtt: () => undefined, // the link monitor (link health work) subscribes here
        }),
      );
    }
  }

  get site(): SiteFile {
    return this.options.site;
  }

  /** Connects every connection in the background. */
  start(): this {
    for (const supervisor of this.supervisors.values()) supervisor.start();
    return this;
  }

  /** Attaches a client over any carrier. */
  attach(carrier: Carrier, label = `client-${this.nextSession}`): ClientSession<Engine> {
    this.nextSession++;
    const session = new ClientSession<Engine>({
      label,
      carrier,
      handlers,
      engine: this,
      log: this.log,
      maxHz: this.maxHz,
      onClose: (closed) => this.sessions.delete(closed),
    });
    this.sessions.add(session);
    return session;
  }

  /** Sends an event to every attached client. */
  broadcast<N extends EventName>(name: N, body: EventOf<N>): void {
    for (const session of this.sessions) session.emit(name, body);
  }

  connectionStatuses(): ConnectionStatus[] {
    return [...this.supervisors.values()].map((s) => s.status);
  }

  async stop(): Promise<void> {
    for (const session of this.sessions) session.close('engine stopping');
    this.sessions.clear();
    await Promise.all([...this.supervisors.values()].map((s) => s.stop()));
  }

  private onStatus(status: ConnectionStatus): void {
    this.log.info('conn.state', `${status.connectionId} → ${status.state}${status.reason ? ` (${status.reason.message})` : ''}`);
    this.broadcast('connection.state', status);
  }

  private bindSignals(site: SiteFile): void {
    const connections = new Map(site.connections.map((c) => [c.id, c]));
    for (const equipment of site.equipment) {
      const connection = connections.get(equipment.connection);
      if (!connection) continue; // the schema already refused this site
      const list = this.bindings.get(connection.id) ?? [];
      const unitId = equipment.unitId ?? ('unitId' in connection ? connection.unitId : 0);
      for (const [name, tag] of Object.entries(equipment.tags)) {
        const signalId = this.signals.length;
        this.signals.push({ id: signalId, equipmentId: equipment.id, tag: name, type: tag.type, ...(tag.unit ? { unit: tag.unit } : {}) });
        list.push({ signalId, equipmentId: equipment.id, unitId, name, tag });
      }
      this.bindings.set(connection.id, list);
    }
  }
}
