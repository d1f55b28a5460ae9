/**
 * The Driver interface every protocol implements, and the capability interfaces some add.
 * A driver owns one connection (one physical link). The connection supervisor (connections/) drives it through
 * connect → start → (samples flow) → stop/close, and turns thrown DriverErrors into state transitions.
 */
import type { Connection, Equipment, Tag } from '../../../shared/site/schema';
import type { ScanFigures } from '../../../shared/contract/events';
import type { Quality } from '../../../shared/contract/telemetry';
import type { DriverError } from './driver-error';

/** One tag the engine wants from this connection, with the telemetry id its samples carry. */
export interface TagBinding {
  signalId: number;
  equipmentId: string;
  /** Modbus unit id (equipment's, else the connection's); unused by OPC UA. */
  unitId: number;
  name: string;
  tag: Tag;
}

/** A tag value as acquired, in engineering units (scale/offset applied). */
export interface Sample {
  signalId: number;
  /** 64-bit integers stay exact as bigint. */
  value: number | string | boolean | bigint;
  quality: Quality;
  /** Device/source timestamp in ms since epoch; the engine's receive time when the device gives none. */
  sourceTime: number;
  /**
   * Applies only where the value is stale (or not known yet): a driver's refresh after a silent spell must not
   * overwrite a newer value that a notification delivered while its read was on the way.
   */
  onlyIfStale?: boolean;
}

/** What the engine hands a driver when it creates it. */
export interface DriverContext<C extends Connection = Connection> {
  connection: C;
  bindings: readonly TagBinding[];
  /** The site's equipment on this connection, for a driver that checks what the site declares against the device. */
  equipment?: readonly Equipment[];
  /** Scan class name → period in ms. */
  scanClasses: Readonly<Record<string, number>>;
  /** Deliver acquired samples (batched per scan/notification). */
  emit(samples: Sample[]): void;
  /** Report that the link died outside a call (socket closed, session lost); the supervisor reconnects. */
  linkLost(error: DriverError): void;
  /**
   * Report partial trouble while the link itself is up (e.g. one Modbus unit of several not answering): a reason
   * makes the connection `degraded`, undefined makes it `connected` again. Optional for drivers without partial failure.
   */
  reportDegraded?(reason: DriverError | undefined): void;
  /**
   * The device answered for these values without new values (an OPC UA keep-alive or publish response): their
   * confirmation time restarts, so their age stays honest although nothing is re-sent. Polled drivers need not
   * call it: every sample they emit confirms its value.
   */
  confirm?(signalIds: readonly number[]): void;
  /**
   * Of this connection's values, those only their own samples confirm from now on (`confirm` leaves them out: an OPC UA
   * item the server samples too slowly for keep-alives to vouch for it): they leave their confirmation group, so the
   * screen ages them as the gate does; the rest return to theirs. Said in full at each start (an empty list included).
   */
  confirmedAlone?(signalIds: readonly number[]): void;
  /** Report the round-trip time of one completed protocol exchange (feeds the link monitor). */
  recordRtt(ms: number): void;
  /** Per-user data directory (PKI folders, caches). */
  dataDir: string;
  log: Logger;
}

/** Structured log with stable codes. */
export interface Logger {
  info(code: string, message: string, details?: Record<string, unknown>): void;
  warn(code: string, message: string, details?: Record<string, unknown>): void;
  error(code: string, message: string, details?: Record<string, unknown>): void;
}

/** Queue lane of a write on links that have lanes: stop before control (heartbeat, jogs, commands) before maintenance. */
export type WriteLane = 'stop' | 'control' | 'maintenance';

/** The equipment a motion write (a non-zero jog reference) moves; a stop on that equipment withdraws it while it waits. */
export type MotionGroup = string;

/** Result of a write as the device reported it. */
export type WriteResult = { ok: true } | { ok: false; error: DriverError };

/** Every protocol driver. Methods reject with DriverError only. */
export interface Driver {
  /** Opens the link (and session); rejects with a DriverError that says why. */
  connect(): Promise<void>;
  /** Begins acquisition of the context's bindings (polling or subscriptions). */
  start(): Promise<void>;
  /** Ends acquisition and closes the link; never rejects. */
  close(): Promise<void>;
  /** Reads one bound tag now. */
  read(binding: TagBinding): Promise<Sample>;
  /**
   * Writes one bound tag (engineering units in, raw out) on `lane` where the link has lanes. Named to look dangerous:
   * only the command service (main/engine/safety) may call it, after the gate and the audit. `wanted` is asked right
   * before the write goes out (on a queued link, when its turn comes): false withdraws it unsent, `cancelled`.
   */
  UNSAFE_write(binding: TagBinding, value: number | string | boolean | bigint, lane?: WriteLane, motion?: MotionGroup, wanted?: () => boolean): Promise<WriteResult>;
  /**
   * Withdraws waiting motion writes of `group` (a stop on that equipment was just sent ahead of them, `byStop`, or its
   * control or link was lost); each is refused with a `cancelled` DriverError, code `motion-cancelled-by-stop` or
   * `motion-withdrawn`. Returns how many. Drivers without a queue have nothing to withdraw.
   */
  cancelMotion?(group: MotionGroup, reason: string, byStop?: boolean): number;
  /**
   * A cheap round-trip probe for the link monitor; resolves with the RTT in ms once the link answered, rejects when
   * it did not. `onWire(agoMs)` is called when the request is on the wire (`agoMs` before the call): a driver with a
   * request queue may hold the probe behind its own traffic first, or let it ride on an exchange of its own already
   * queued, whose answer proves the link as well.
   */
  probe(onWire?: (agoMs: number) => void): Promise<number>;
  /** The thumbprint of the certificate the server presented for this session (secure OPC UA endpoints). */
  readonly serverThumbprint?: string | undefined;
  /** Polling figures per scan class, for drivers that poll (counted since this driver was created). */
  scanFigures?(): Record<string, ScanFigures>;
  /**
   * Requests that shared the link with the scan without being scan reads (heartbeat, jogs, commands, link probes sent
   * on their own, maintenance reads and writes), completed since this driver was created: what took the link time the
   * scan did not get. Undefined where they take none of it (a link with a slot of their own).
   */
  requestsBesideScan?(): number | undefined;
  /**
   * Reads every bound value afresh and emits it as `onlyIfStale` samples. For drivers whose values are not re-sent
   * while unchanged (subscriptions): after a silent spell flagged them stale, they would otherwise stay stale until
   * they next change. Polling drivers need none: their next poll does it. Never rejects.
   */
  refresh?(): Promise<void>;
}

/** Creates a driver for one connection (async where the protocol's library is loaded on first use). */
export type DriverFactory<C extends Connection = Connection> = (context: DriverContext<C>) => Driver | Promise<Driver>;
