/**
 * The narrow interface handlers get: what a request may ask of the engine. Handlers never see the Engine, its
 * supervisors or its drivers; everything that touches equipment is behind `commands` (the one command path).
 */
import type { ConnectionStatus } from '../../shared/contract/events';
import type { LinkStats } from '../../shared/contract/requests/link';
import type { ExportCursor } from '../../shared/contract/requests/history';
import type { SignalInfo } from '../../shared/contract/requests/core';
import type { SiteFile } from '../../shared/site/schema';
import type { AlarmCommands } from './alarms/alarm-commands';
import type { AlarmService } from './alarms/alarm-service';
import type { AuditReader } from './audit';
import type { SessionAuth } from './auth/session-auth';
import type { RetryOutcome } from './connections/supervisor';
import type { HistoryRecorder } from './history/history-recorder';
import type { CsvExport } from './history/history-store';
import type { MaintenanceReads } from './maintenance/maintenance-reads';
import type { CommandService } from './safety/command-service';
import type { ClientSession } from './session/client-session';

/** What handlers may use. */
export interface EngineServices {
  readonly site: SiteFile;
  /** The site file's base name (never its absolute path: clients need not know the workstation's folders). */
  readonly siteFileName: string;
  readonly startedAt: number;
  readonly maxHz: number;
  /** This console's id as written to owner registers. */
  readonly consoleId: number;
  readonly signals: readonly SignalInfo[];
  /** Starts telemetry frames to a session, the first carrying every known value. */
  startTelemetry(session: ClientSession): void;
  /** The name `session` may show as: `wanted`, numbered when another console shows that name (console-names.ts). */
  consoleName(session: ClientSession, wanted: string): string;
  connections: {
    list(): ConnectionStatus[];
    /** Reconnects now, or says why not; undefined when there is no such connection. */
    retry(connectionId: string): RetryOutcome | undefined;
  };
  /** Reads that need a live driver (raw registers, browse, attributes): free, but on bounded lanes. */
  maintenance: MaintenanceReads;
  commands: CommandService;
  auth: SessionAuth;
  /** The alarms (evaluated in the engine) and the operator actions on them (role checked, audited). */
  alarms: { service: AlarmService; commands: AlarmCommands };
  /** The newest audit entries (read only; writing goes through the command path). */
  audit: AuditReader;
  /** Signal and alarm history. */
  history: HistoryRecorder;
  /** Raw values of a time range as CSV (at most `maxRows` rows). */
  exportHistoryCsv(signalIds: number[], from: number, to: number, maxRows: number, after?: ExportCursor): Promise<CsvExport>;
  link: {
    /** Latency statistics, quality and jog limits per connection. */
    stats(connectionId: string | undefined, historySeconds: number, brief?: boolean): LinkStats[];
    /** The link lab in front of the simulators, when this run has one. */
    lab?: LinkLabControl;
  };
}

/** Switches the link lab's profile (the proxies may live in another process). */
export interface LinkLabControl {
  /** Known profile names. */
  profiles(): readonly string[];
  /** The profile applied last (the start profile until a switch), when known. */
  profile(): string | undefined;
  /** Applies `profile` to every proxy; resolves with how many took it. */
  setProfile(profile: string): Promise<{ profile: string; proxies: number }>;
}
