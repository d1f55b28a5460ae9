/**
 * The engine: owns the site, the connections and their drivers, the latest values, the command path and the
 * attached clients. Plain Node, no Electron: serve mode, Electron's utility process and tests all run this class.
 */
import { roleAllows, type AccessClass } from '../../shared/contract/access';
import type { Carrier } from '../../shared/contract/carriers/carrier';
import type { ContractErrorShape } from '../../shared/contract/errors';
import type { ConnectionStatus, EventName, EventOf } from '../../shared/contract/events';
import type { SignalInfo } from '../../shared/contract/requests/core';
import type { SiteFile } from '../../shared/site/schema';
import { AlarmCommands } from './alarms/alarm-commands';
import { compileAlarms } from './alarms/alarm-defs';
import { AlarmService } from './alarms/alarm-service';
import { auditReaderFor } from './audit';
import { keepAlarmState } from './alarms/alarm-restart';
import type { AlarmStateFile } from './alarms/alarm-persistence';
import { KnownKeysFile } from './auth/known-keys-file';
import { SessionAuth } from './auth/session-auth';
import { consoleIdFor } from './console-id';
import { ConnectionSupervisor } from './connections/supervisor';
import type { Logger, TagBinding } from './drivers/driver';
import { factoryFor, type DriverFactoryTable } from './drivers/registry';
import { DriverError } from './drivers/driver-error';
import { handlers } from './handlers';
import type { HistoryRecorder } from './history/history-recorder';
import type { CsvSignal } from './history/history-store';
import { openHistory, type HistoryOptions } from './history/open-history';
import { LinkHealth } from './link/link-health';
import { createLogger } from './log';
import { MaintenanceReads } from './maintenance/maintenance-reads';
import type { AuditSink } from './safety/command-context';
import { actingPrincipal } from './safety/command-path';
import { CommandService } from './safety/command-service';
import { DeviceAccess } from './safety/device-access';
import { EquipmentIndex } from './safety/equipment-index';
import type { LinkQuality } from './safety/gate';
import { SiteConditions } from './safety/interlocks';
import { jogBlockWriter } from './safety/jog-writer';
import { lazyAuditSink } from './safety/lazy-audit';
import type { EngineServices, LinkLabControl } from './services';
import { ClientSession, MAX_STOPS_IN_FLIGHT } from './session/client-session';
import { SignalStore } from './telemetry/signal-store';
import { basename, join } from 'node:path';
import { SignalIdSet } from './telemetry/signal-id-set';
import { uniqueConsoleName } from './session/console-names';

export interface EngineOptions {
  site: SiteFile;
  siteFile: string;
  dataDir: string;
  factories: DriverFactoryTable;
  log?: Logger;
  /** Upper bound of telemetry frames per second per client (display tick). */
  maxHz?: number;
  /** Where the command path's audit records go (default: the hash-chained log under `dataDir`). */
  audit?: AuditSink;
  /** This console's id for owner registers (default: REC_CONSOLE_ID, else derived from the host name). */
  consoleId?: number;
  /** History retention, disk bound and flush timing. */
  history?: HistoryOptions;
  /** The link lab in front of the simulators (demo/lab runs), for the `link.profile` request. */
  linkLab?: LinkLabControl;
  /** Inactivity lock in ms over the site's `sessionLockMinutes` (tests, demos; a site file keeps whole minutes ≥ 1). */
  sessionLockMs?: number;
}

const LOCK_CHECK_MS = 1_000;

/** The running engine. */
export class Engine {
  readonly startedAt = Date.now();
  readonly store = new SignalStore();
  readonly signals: SignalInfo[] = [];
  /** The history interval of each paced signal (the site file's `history.minIntervalMs`), for exports. */
  private readonly pacedEveryMs = new Map<number, number>();
  readonly bindings = new Map<string, TagBinding[]>();
  readonly supervisors = new Map<string, ConnectionSupervisor>();
  readonly log: Logger;
  readonly maxHz: number;
  readonly commands: CommandService;
  readonly auth: SessionAuth;
  readonly services: EngineServices;
  readonly alarms: AlarmService;
  private readonly alarmState: AlarmStateFile | undefined;
  readonly history: HistoryRecorder;
  private readonly sessions = new Map<number, ClientSession>();
  /** Latency monitor, link quality and jog limits per connection/equipment (main/engine/link/). */
  readonly link: LinkHealth;
  private readonly ownerSignals = new Map<number, string>();
  private readonly lockTimer: ReturnType<typeof setInterval>;
  private readonly audit: AuditSink;
  private nextSession = 1;

  constructor(readonly options: EngineOptions) {
    this.log = options.log ?? createLogger();
    this.maxHz = Math.min(60, options.maxHz ?? 60);
    this.bindSignals(options.site);
    const equipment = new EquipmentIndex(options.site, this.bindings);
    const conditions = new SiteConditions(options.site, equipment, (id) => this.store.get(id), (id) => this.store.confirmAge(id));
    // A log that stops recording ends running jogs: no motion goes on unaudited.
    const audit = options.audit ?? lazyAuditSink(options.dataDir, this.log, () => void this.commands.auditFailed());
    this.audit = audit;
    const consoleId = options.consoleId ?? consoleIdFor();
    const device = new DeviceAccess({ activeDriver: (id) => this.supervisors.get(id)?.activeDriver });
    this.commands = new CommandService(
      {
        equipment,
        device,
        audit,
        log: this.log,
        value: (id) => this.store.get(id),
        link: (id, equipmentId) => this.linkOf(id, equipmentId),
        interlocks: (eq, command) => conditions.interlocks(eq, command),
        remote: (eq) => conditions.remote(eq),
        broadcast: (name, body) => this.broadcast(name, body),
        consoleId,
        now: Date.now,
      },
      {
        sessions: { emitTo: (id, body) => this.sessions.get(id)?.emit('jog.stopped', body) },
        jogWriter: jogBlockWriter(device, consoleId),
        dataDir: options.dataDir,
        trustChanged: (thumbprint, trusted) => (trusted ? this.retryBlockedBy(thumbprint) : this.dropTrusting(thumbprint)),
      },
    );
    this.auth = new SessionAuth({
      users: options.site.users,
      lockAfterMs: options.sessionLockMs ?? options.site.site.sessionLockMinutes * 60_000,
      audit,
      onLoginEnded: (session, reason, principal) => this.commands.sessionEnded(session, reason, principal),
      auditRefusal: (session, record) => this.commands.auditRefusal(session, record),
      knownKeys: new KnownKeysFile(join(options.dataDir, 'auth'), this.log),
    });
    for (const eq of equipment.all()) {
      const owner = eq.equipment.controlOwner ? eq.tags.get(eq.equipment.controlOwner.tag) : undefined;
      if (owner) this.ownerSignals.set(owner.signalId, eq.equipment.id);
    }
    // Alarms and history live here, not in a client: a console that is away misses nothing.
    this.history = openHistory(options.dataDir, this.log, options.history);
    const recorded: number[] = [];
    for (const list of this.bindings.values()) {
      for (const binding of list) {
        this.history.define(binding.signalId, binding.tag.history);
        if (binding.tag.history !== false) recorded.push(binding.signalId);
      }
    }
    // Before the first flush: a last run that ended without closing (a crash) is marked as a gap in every trend, and
    // values re-delivered with times from before its end are recorded as they come (long before a session's first).
    const opened = this.history.store.openRun(recorded);
    const previousEnd = this.history.store.previousRunEnd(); // asked at once: the thread answers both in order
    void Promise.all([opened, previousEnd])
      .then(([marked, end]) => {
        if (marked > 0) this.log.warn('history.unfinished-run', `the last run ended without closing its history (a crash or a power cut?): ${marked} signals marked stale from its last write on`);
        if (end !== undefined) this.history.afterRun(recorded, end + 1);
      })
      .catch((error: unknown) => this.log.error('history.open-run-failed', String(error)));
    this.alarms = new AlarmService(compileAlarms(options.site, equipment, (id) => this.store.get(id), (id) => this.store.confirmAge(id)), Date.now, (t) => {
      this.history.alarm(t);
      this.broadcast('alarm.changed', t);
    });
    // Acks and shelves survive a restart; a shelve that runs out is audited as done by the system.
    const alarmCommands = new AlarmCommands(this.alarms, audit, this.log, Date.now, async () => this.alarmState?.flush());
    this.alarmState = keepAlarmState(this.alarms, options.dataDir, this.log, (key, shelved) => void alarmCommands.shelveDropped(key, shelved));
    this.alarms.hooks.shelveExpired = (alarm, shelved) => void alarmCommands.shelveExpired(alarm, shelved);
    // Allocation-free: the recorder reads the slots (one change at 1M/s must not cost an object).
    this.store.onChange((id) => {
      const slots = this.store.slots;
      this.history.record(id, slots.sourceTime[id] as number, this.store.valueOf(id), slots.quality[id] as number);
      this.alarms.signalChanged(id);
    });
    this.store.onInBandChange((id) => this.alarms.signalChanged(id)); // limits are checked on exact values
    // Clients' telemetry pumps read the store's change journal themselves; owner registers are watched here.
    const ownerRegisters = new SignalIdSet(this.ownerSignals.keys());
    this.store.onChange((id) => {
      if (!ownerRegisters.has(id)) return;
      const ownerOf = this.ownerSignals.get(id);
      const eq = ownerOf === undefined ? undefined : equipment.get(ownerOf);
      if (eq) this.commands.signalChanged(eq);
    });
    this.link = new LinkHealth({
      site: options.site,
      bindings: this.bindings,
      activeDriver: (id) => this.supervisors.get(id)?.activeDriver,
      setDegraded: (id, reason) => this.supervisors.get(id)?.setDegraded(reason !== undefined, reason, 'link'),
      reconnect: (id, reason) => this.supervisors.get(id)?.reconnect(reason),
      applySamples: (samples) => this.store.apply(samples),
      refresh: (id) => void this.supervisors.get(id)?.activeDriver?.refresh?.(),
      broadcast: (name, body) => this.broadcast(name, body),
      qualityChanged: (equipmentId, quality) => this.commands.linkQualityChanged(equipmentId, quality),
    });
    for (const connection of options.site.connections) {
      this.supervisors.set(
        connection.id,
        new ConnectionSupervisor({
          connection,
          factory: factoryFor(options.factories, connection),
          bindings: this.bindings.get(connection.id) ?? [],
          equipment: options.site.equipment.filter((e) => e.connection === connection.id),
          scanClasses: Object.fromEntries(Object.entries(options.site.scanClasses).map(([name, c]) => [name, c.periodMs])),
          dataDir: options.dataDir,
          log: this.log,
          onSamples: (samples) => this.store.apply(this.link.filterSamples(connection.id, samples)),
          onStatus: (status) => this.onStatus(status),
          onRtt: (id, ms) => this.link.recordRtt(id, ms),
          onConfirm: (ids) => this.store.confirm(ids),
          onConfirmedAlone: (all, alone) => this.store.confirmAlone(all, alone),
        }),
      );
    }
    this.services = {
      ...this.makeServices(consoleId),
      alarms: { service: this.alarms, commands: alarmCommands },
      audit: auditReaderFor(options.dataDir),
      history: this.history,
      exportHistoryCsv: (signalIds, from, to, maxRows, after) => this.history.store.csv(signalIds, from, to, maxRows, this.csvSignals(signalIds), after),
    };
    // A short lock (an engine option) is checked proportionally often, so it fires close to its period.
    const lockCheckMs = Math.min(LOCK_CHECK_MS, Math.max(20, Math.floor(this.auth.lockAfterMs / 4)));
    this.lockTimer = setInterval(() => void this.lockIdleSessions().catch((error: unknown) => this.log.error('session.lock-failed', String(error))), lockCheckMs);
    this.lockTimer.unref?.();
  }

  get site(): SiteFile {
    return this.options.site;
  }

  /** Connects every connection in the background. */
  start(): this {
    for (const supervisor of this.supervisors.values()) supervisor.start();
    this.link.start();
    return this;
  }

  /**
   * Attaches a client over any carrier. `label` names it until it names itself; `clientKey` (default: the label) is
   * what per-client limits count under: the carrier's identity, which the client cannot change.
   */
  attach(carrier: Carrier, label = `client-${this.nextSession}`, clientKey = label): ClientSession {
    const id = this.nextSession++;
    const session = new ClientSession({
      id,
      label,
      clientKey,
      carrier,
      handlers,
      services: this.services,
      authorise: (s, name, access) => this.authorise(s, name, access),
      log: this.log,
      maxHz: this.maxHz,
      maxStopsInFlight: Math.max(MAX_STOPS_IN_FLIGHT, 4 * this.options.site.equipment.length),
      onClose: (closed) => {
        if (!this.sessions.delete(closed.id)) return; // already ended by stop()
        // The client is gone: its jogs stop and its control claims are released, logged in or not.
        void this.auth
          .logout(closed, 'closed')
          .catch((error: unknown) => this.log.error('session.logout-failed', String(error)))
          .finally(() => this.commands.sessionEnded(closed, 'Client closed').catch((error: unknown) => this.log.error('session.end-failed', String(error))));
      },
    });
    this.sessions.set(id, session);
    return session;
  }

  /** Sends an event to every attached client. */
  broadcast<N extends EventName>(name: N, body: EventOf<N>): void {
    for (const session of this.sessions.values()) session.emit(name, body);
  }

  connectionStatuses(): ConnectionStatus[] {
    return [...this.supervisors.values()].map((s) => s.status);
  }

  async stop(): Promise<void> {
    clearInterval(this.lockTimer);
    // Sessions end first, so their jogs stop and their control releases are audited before the log closes.
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of sessions) {
      await this.auth.logout(session, 'closed');
      await this.commands.sessionEnded(session, 'Engine stopping');
      session.close('engine stopping');
    }
    this.commands.close();
    this.link.stop();
    await Promise.all([...this.supervisors.values()].map((s) => s.stop()));
    this.alarms.close();
    await Promise.all([this.alarmState?.flush(), this.auth.close()]);
    await this.history.close().catch((error: unknown) => this.log.error('history.close-failed', String(error)));
    await this.audit.close?.();
  }

  /** The session dispatch's check (an idle login locks first); at once unless a lock or a refusal (audited) is due. */
  private authorise(session: ClientSession, request: string, access: AccessClass): ContractErrorShape | undefined | Promise<ContractErrorShape | undefined> {
    if (access === 'read' && !session.principal()) return undefined;
    // Pressing stop is someone at the console: a login gone idle stops (and is active again), one locked still stops.
    if (access === 'stop' && roleAllows(actingPrincipal(session, 'stop')?.role, access)) return undefined;
    if (!this.auth.isIdle(session) && roleAllows(session.principal()?.role, access)) return undefined;
    return this.authoriseSlowly(session, request, access);
  }

  private async authoriseSlowly(session: ClientSession, request: string, access: AccessClass): Promise<ContractErrorShape | undefined> {
    const locked = await this.auth.lockIfIdle(session);
    const role = session.principal()?.role;
    if (roleAllows(role, access)) return undefined;
    const text = locked ? 'The session locked after inactivity; log in again' : role ? `${request} needs a stronger role than ${role}` : `${request} needs a login`;
    await this.commands.auditRefusedAccess(session, request, access, locked ? 'session-locked' : role ? 'role-too-low' : 'not-logged-in', text);
    return { code: 'forbidden', message: text, details: { access, ...(role ? { role } : {}) } };
  }

  private async lockIdleSessions(): Promise<void> {
    for (const session of this.sessions.values()) await this.auth.lockIfIdle(session);
  }

  /** The gate's view of a link: the monitor's quality for the equipment and the RTT p95 behind it. */
  private linkOf(connectionId: string, equipmentId?: string): { quality: LinkQuality; rttMs?: number } {
    return this.link.linkOf(connectionId, equipmentId);
  }

  private retryBlockedBy(thumbprint: string): void {
    for (const supervisor of this.supervisors.values()) {
      const { state, reason } = supervisor.status;
      if (state === 'failed' && reason?.code === 'untrusted-certificate' && reason.details?.thumbprint === thumbprint) supervisor.retry({ force: true });
    }
  }

  /** Drops the connections whose server presented `thumbprint`, now untrusted: nothing goes on over them. */
  private dropTrusting(thumbprint: string): void {
    for (const supervisor of this.supervisors.values()) {
      // Dropped as a lost link: connecting again checks the certificate and fails as untrusted (no retry from there).
      if (supervisor.activeDriver?.serverThumbprint === thumbprint) supervisor.reconnect(new DriverError('link-lost', 'certificate-untrusted', 'the server certificate is no longer trusted'));
    }
  }

  private onStatus(status: ConnectionStatus): void {
    this.log.info('conn.state', `${status.connectionId} → ${status.state}${status.reason ? ` (${status.reason.message})` : ''}`);
    this.link?.connectionChanged(status.connectionId, status.state === 'connected' || status.state === 'degraded');
    this.commands?.connectionChanged(status.connectionId, status.state);
    this.alarms?.connectionChanged(status.connectionId, status.state);
    this.broadcast('connection.state', status);
  }

  /** What an export's rows say of each of `signalIds`: its equipment, tag and unit, and a paced tag's interval. */
  private csvSignals(signalIds: readonly number[]): Record<number, CsvSignal> {
    const described: Record<number, CsvSignal> = {};
    for (const id of signalIds) {
      const info = this.signals[id];
      if (info) described[id] = { equipmentId: info.equipmentId, tag: info.tag, unit: info.unit, everyMs: this.pacedEveryMs.get(id) };
    }
    return described;
  }

  private makeServices(consoleId: number): Omit<EngineServices, 'alarms' | 'audit' | 'history' | 'exportHistoryCsv'> {
    const maintenance = new MaintenanceReads(
      { status: (id) => this.supervisors.get(id)?.stateOnly, activeDriver: (id) => this.supervisors.get(id)?.activeDriver },
      this.options.dataDir,
      this.log,
    );
    return {
      site: this.options.site,
      siteFileName: basename(this.options.siteFile),
      startedAt: this.startedAt,
      maxHz: this.maxHz,
      consoleId,
      signals: this.signals,
      startTelemetry: (session) => session.telemetry.start(this.store),
      consoleName: (session, wanted) => uniqueConsoleName(wanted, session, this.sessions.values()),
      connections: {
        list: () => this.connectionStatuses(),
        retry: (id) => this.supervisors.get(id)?.retry(),
      },
      maintenance,
      commands: this.commands,
      auth: this.auth,
      link: { stats: (id, seconds, brief) => this.link.stats(id, seconds, brief), ...(this.options.linkLab ? { lab: this.options.linkLab } : {}) },
    };
  }

  private bindSignals(site: SiteFile): void {
    const connections = new Map(site.connections.map((c) => [c.id, c]));
    // One confirmation group per connection and scan class: its values are confirmed together by each poll.
    const groups = new Map<string, number>();
    for (const equipment of site.equipment) {
      const connection = connections.get(equipment.connection);
      if (!connection) continue; // the schema already refused this site
      const list = this.bindings.get(connection.id) ?? [];
      const unitId = equipment.unitId ?? ('unitId' in connection ? connection.unitId : 0);
      for (const [name, tag] of Object.entries(equipment.tags)) {
        const signalId = this.signals.length;
        this.signals.push({ id: signalId, equipmentId: equipment.id, tag: name, type: tag.type, ...(tag.unit ? { unit: tag.unit } : {}) });
        if (typeof tag.history === 'object') this.pacedEveryMs.set(signalId, tag.history.minIntervalMs);
        list.push({ signalId, equipmentId: equipment.id, unitId, name, tag });
        const groupKey = `${connection.id}\u0000${tag.scanClass}`;
        const group = groups.get(groupKey) ?? groups.size;
        groups.set(groupKey, group);
        // A deadband on a bool or string tag is refused at load; kept out of the store regardless (0/1 inside a band hides a change).
        this.store.define(signalId, { deadband: tag.type === 'bool' || tag.type === 'string' ? 0 : tag.deadband, group });
      }
      this.bindings.set(connection.id, list);
    }
    this.store.reserve(this.signals.length);
  }
}
