/** What the command service's parts share: the session handle, the audit sink, live values and link quality. */
import type { EventName, EventOf } from '../../../shared/contract/events';
import type { Principal } from '../../../shared/contract/requests/control';
import type { TelemetryValue } from '../../../shared/contract/telemetry';
import type { Logger } from '../drivers/driver';
import type { DeviceAccess } from './device-access';
import type { EquipmentIndex } from './equipment-index';
import type { InterlockCheck, LinkQuality } from './gate';

/** A client session as the command service sees it. */
export interface CommandSession {
  readonly id: number;
  readonly label: string;
  principal(): Principal | undefined;
  /**
   * Who was logged in when the engine locked this session for inactivity, until its next login or logout: the stop
   * still works for them (a stop that always works: nobody types a PIN to stop a crane). Absent: never locked.
   */
  lockedPrincipal?(): Principal | undefined;
  /** False once the client has gone (closed, dropped); absent for sessions that cannot close (the CLI). */
  isOpen?(): boolean;
  emit<N extends EventName>(name: N, body: EventOf<N>): void;
}

/** One audit record as the command path writes it (the audit log adds sequence, time and the hash chain). */
export interface AuditRecord {
  kind: string;
  user?: string;
  role?: string;
  console?: string;
  equipment?: string;
  target?: string;
  oldValue?: unknown;
  newValue?: unknown;
  outcome?: string;
  stage?: string;
  code?: string;
  reason?: string;
  latencyMs?: number;
  /** Seq of the attempt record an outcome record answers. */
  ref?: number;
  /** Machine-readable extras (a summary record's count and period). */
  detail?: Record<string, unknown>;
}

/** A record on its way: its seq once it is with the operating system (`written`), and once it is on disk (`durable`). */
export interface StagedRecord {
  written: Promise<number>;
  durable: Promise<number>;
}

/** Where audit records go; `append` resolves with the record's seq only once it is durable. */
export interface AuditSink {
  append(record: AuditRecord): Promise<number>;
  /** Both steps of one append (sinks without it: `append`, the two steps as one). Neither promise is left unhandled. */
  stage?(record: AuditRecord): StagedRecord;
  /** Flushes and closes the log (engine stop). */
  close?(): Promise<void>;
}

/** The engine facts the command service reads. */
export interface CommandDeps {
  equipment: EquipmentIndex;
  device: DeviceAccess;
  audit: AuditSink;
  log: Logger;
  /** Latest value of a signal, as telemetry has it. */
  value(signalId: number): TelemetryValue | undefined;
  /** Quality of an equipment's link, and the RTT behind it. */
  link(connectionId: string, equipmentId?: string): { quality: LinkQuality; rttMs?: number };
  /** Interlocks of the site file that block `command` on `equipmentId`, compiled at load. */
  interlocks(equipmentId: string, command: string): readonly InterlockCheck[];
  /** Remote-mode check of the equipment: true/false, 'unknown' without a fresh value, undefined when the site defines none. */
  remote(equipmentId: string): boolean | 'unknown' | undefined;
  /** Sends an event to every client. */
  broadcast<N extends EventName>(name: N, body: EventOf<N>): void;
  /** This console's id as written to owner registers (1..65535). */
  consoleId: number;
  now(): number;
  /**
   * Where refusals are audited, rate-limited per session (the command service sets it): a flood of refused requests
   * writes a few records in full and a summary, not one record each. Absent: every refusal is appended as is.
   */
  refusals?: { record(sessionId: number, record: AuditRecord): Promise<void> };
}
