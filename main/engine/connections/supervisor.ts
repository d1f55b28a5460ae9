/**
 * Supervises one connection: creates its driver, connects, starts acquisition, and on failure walks the shared
 * state machine (connecting → connected ⇄ degraded → backoff → connecting …, or failed when the user must act).
 */
import type { ConnectionState, ConnectionStatus, ScanFigures } from '../../../shared/contract/events';
import type { Connection, Equipment } from '../../../shared/site/schema';
import { Quality } from '../../../shared/contract/telemetry';
import type { Driver, DriverContext, DriverFactory, Logger, Sample, TagBinding } from '../drivers/driver';
import { DriverError, asDriverError } from '../drivers/driver-error';
import { backoffDelay } from './backoff';
import { canTransition, NEEDS_USER_ACTION } from './state-machine';

/** A client's retries are spaced by the backoff's initial delay, at most this (a site may set that delay to hours). */
const MAX_RETRY_SPACING_MS = 1000;

/** Who reported a degraded reason. */
export type DegradedSource = 'driver' | 'link' | 'alarms';

export interface SupervisorOptions {
  connection: Connection;
  factory: DriverFactory;
  bindings: readonly TagBinding[];
  /** The site's equipment on this connection (DriverContext.equipment). */
  equipment?: readonly Equipment[];
  scanClasses: Readonly<Record<string, number>>;
  dataDir: string;
  log: Logger;
  onSamples(samples: Sample[]): void;
  onStatus(status: ConnectionStatus): void;
  onRtt(connectionId: string, ms: number): void;
  /** Values the device confirmed without new samples (see DriverContext.confirm). */
  onConfirm?(signalIds: readonly number[]): void;
  /** Of the connection's values (`all`), those only their own samples confirm (see DriverContext.confirmedAlone). */
  onConfirmedAlone?(all: readonly number[], alone: ReadonlySet<number>): void;
  random?: () => number;
  /** Monotonic clock (ms) for spacing retries (default: performance.now). */
  now?: () => number;
}

/** What a retry did: connected anew, or why not (connected or connecting already; a retry moments ago). */
export type RetryOutcome = 'retried' | 'not-needed' | 'too-soon';

/** Runs one connection for the engine's lifetime. */
/** The longest a connect waits for a first answer after its probe got none (see scanAnswerBudgetMs). */
const MAX_FIRST_ANSWER_WAIT_MS = 30_000;
/** Timeouts before the Modbus driver calls a unit dead and polls it slowly (drivers/modbus/unit-health.ts). */
const DEAD_AFTER_TIMEOUTS = 2;

export class ConnectionSupervisor {
  private driver: Driver | undefined;
  private current: ConnectionStatus;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private everConnected = false;
  private failures = 0;
  private stopped = false;
  /** Incremented per driver instance so callbacks from a discarded driver are ignored. */
  private generation = 0;
  /**
   * Degraded reasons per source (the driver's partial trouble, the link monitor's silence, …): one source never
   * clears another's. Kept while connecting and applied once connected; the driver's is dropped with its driver.
   */
  private readonly degradedReasons = new Map<DegradedSource, DriverError>();
  /** The last failure logged, so a device that stays down logs once, not once per retry. */
  private lastLoggedFailure = '';
  /** Scan figures of the drivers this connection already discarded (each reconnect makes a new driver). */
  private scanBefore: Record<string, ScanFigures> = {};
  /** The same for requests beside the scan, and whether a driver of this connection counted them. */
  private besideScanBefore = 0;
  private besideScanCounted = false;
  /** When a retry was last honoured (monotonic ms): retries closer together than the backoff's initial delay are not. */
  private lastRetryAt = Number.NEGATIVE_INFINITY;
  /** A failure is being handled (its driver closing): another one meanwhile is the same loss. */
  private failing = false;
  /** The last driver generation that answered anything (an RTT recorded): `firstAnswer` needs one. */
  private answeredIn = 0;
  /** Told of each answer (and of stop) while `answerWithin` waits: it ends the wait. */
  private onAnswer: (() => void) | undefined;
  /** A loss the driver reported while connecting (after its start, before the first answer): the attempt fails on it. */
  private lostWhileStarting: { generation: number; error: DriverError } | undefined;

  constructor(private readonly options: SupervisorOptions) {
    this.current = { connectionId: options.connection.id, protocol: options.connection.protocol, state: 'disconnected', since: Date.now(), attempt: 0 };
  }

  /** The state, with polling figures (cycles run and skipped per scan class) for polled protocols. */
  get status(): ConnectionStatus {
    const scan = this.scanFigures();
    if (!scan) return this.current;
    // Between drivers (a reconnect) the totals so far stand; a link whose lanes take nothing from the scan has none.
    const beside = this.driver ? this.driver.requestsBesideScan?.() : this.besideScanCounted ? 0 : undefined;
    return beside === undefined ? { ...this.current, scan } : { ...this.current, scan, requestsBesideScan: this.besideScanBefore + beside };
  }

  /** The state without polling figures: cheap, for per-request checks (a raw read asks on every call). */
  get stateOnly(): ConnectionStatus {
    return this.current;
  }

  private scanFigures(): Record<string, ScanFigures> | undefined {
    const now = this.driver?.scanFigures?.();
    if (!now && Object.keys(this.scanBefore).length === 0) return undefined;
    return addFigures(this.scanBefore, now ?? {});
  }

  /** The live driver, only while connected or degraded. */
  get activeDriver(): Driver | undefined {
    return this.current.state === 'connected' || this.current.state === 'degraded' ? this.driver : undefined;
  }

  start(): void {
    this.stopped = false;
    void this.attempt();
  }

  /**
   * Connect now: from failed (after the user acted) or to cut a backoff short. A client's retry is honoured at most
   * once per the backoff's initial delay, and never spaced more than a second (`too-soon` otherwise): each retry starts
   * the backoff over, so a client calling it in a loop made the engine connect to the device as fast as the device
   * refused (1,474 connects in 3 s). The engine's own retry after a trust change (`force`) always goes.
   */
  retry(options: { force?: boolean } = {}): RetryOutcome {
    if (this.current.state !== 'failed' && this.current.state !== 'backoff' && this.current.state !== 'disconnected') return 'not-needed';
    const now = (this.options.now ?? performance.now.bind(performance))();
    if (!options.force && now - this.lastRetryAt < Math.min(this.options.connection.backoff.initialMs, MAX_RETRY_SPACING_MS)) return 'too-soon';
    this.lastRetryAt = now;
    if (this.timer) clearTimeout(this.timer);
    this.failures = 0;
    void this.attempt();
    return 'retried';
  }

  /** Drops the live connection and reconnects with backoff (the link monitor: open socket, no answers for long). */
  reconnect(error: DriverError): void {
    if (this.current.state === 'connected' || this.current.state === 'degraded') void this.fail(error);
  }

  /** Sets or clears `source`'s degraded reason; the connection is degraded while any source has one. */
  setDegraded(degraded: boolean, reason?: DriverError, source: DegradedSource = 'driver'): void {
    if (degraded && reason) this.degradedReasons.set(source, reason);
    else this.degradedReasons.delete(source);
    this.applyDegraded();
  }

  /** The current degraded reasons by source. */
  degradedBy(): ReadonlyMap<DegradedSource, DriverError> {
    return this.degradedReasons;
  }

  /** Degraded while any source has a reason; the status shows the most telling one (the link's silence first). */
  private applyDegraded(): void {
    const first = this.degradedReasons.get('link') ?? this.degradedReasons.get('driver') ?? this.degradedReasons.values().next().value;
    if (first && this.current.state === 'connected') this.transition('degraded', first);
    else if (!first && this.current.state === 'degraded') this.transition('connected');
    else if (first && this.current.state === 'degraded' && this.current.reason?.message !== first.message) {
      this.current = { ...this.current, reason: { code: first.kind, message: first.message, details: { code: first.code } } };
      this.options.onStatus(this.current);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.onAnswer?.(); // a connect waiting for its first answer ends now
    await this.discardDriver();
    // Nothing confirms the values from here on: history records where they stopped, so a trend shows the time the
    // engine was off as a gap, never as a line held across it.
    this.markStale();
    if (this.current.state !== 'disconnected') this.transition('disconnected');
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    this.degradedReasons.delete('driver');
    this.transition('connecting', undefined, this.current.attempt + 1);
    let driver: Driver;
    try {
      driver = await this.options.factory(this.context(generation));
    } catch (error) {
      if (generation !== this.generation || this.stopped) return;
      return this.fail(asDriverError(error, 'connect-failed', 'connect-failed'));
    }
    if (generation !== this.generation || this.stopped) return void driver.close();
    // Never two drivers for one link: one still here (it should not be) is closed, not dropped with its socket open.
    if (this.driver) void this.discardDriver();
    this.driver = driver;
    try {
      await driver.connect();
      if (generation !== this.generation || this.stopped) return void driver.close();
      await driver.start();
      if (generation !== this.generation || this.stopped) return void driver.close();
      await this.firstAnswer(driver, generation);
      if (generation !== this.generation || this.stopped) return void driver.close();
      this.everConnected = true;
      this.failures = 0;
      this.lastLoggedFailure = '';
      this.transition('connected', undefined, 0);
      this.applyDegraded();
    } catch (error) {
      if (generation !== this.generation) return;
      await this.fail(asDriverError(error, 'connect-failed', 'connect-failed'));
    }
  }

  /**
   * Connected only once the link has answered: an open socket proves nothing (a gateway, a serial port, a half-open
   * link accept one). Any answer counts: an exchange of the scan's (any unit of the line), the probe's, or a device's
   * or a gateway's exception answer to the probe (a gateway that answers proves the link up, its dead units are the
   * driver's to report). No answer fails this attempt, as a refused connect does; so does a loss the driver reported
   * meanwhile (a subscription that died while the probe was out: the driver reports a loss once).
   */
  private async firstAnswer(driver: Driver, generation: number): Promise<void> {
    if (this.answeredIn !== generation) {
      try {
        await driver.probe();
      } catch (error) {
        const answered = (error instanceof DriverError && error.kind === 'device-exception') || (this.mayAnswerElsewhere(error, generation) && (await this.answerWithin(generation, this.scanAnswerBudgetMs())));
        if (!answered) throw error;
      }
    }
    const lost = this.lostWhileStarting;
    this.lostWhileStarting = undefined;
    if (lost && lost.generation === generation) throw lost.error;
  }

  /** True once `generation` has answered anything, waiting up to `ms` for it. */
  private answerWithin(generation: number, ms: number): Promise<boolean> {
    if (this.answeredIn === generation) return Promise.resolve(true);
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.onAnswer = undefined;
        resolve(this.answeredIn === generation && !this.stopped);
      };
      const timer = setTimeout(end, Math.min(ms, MAX_FIRST_ANSWER_WAIT_MS));
      // Each answer, and stop(), ends the wait (a later generation's answer ends it too: this attempt is over then).
      this.onAnswer = end;
    });
  }

  /**
   * Whether, the probe unanswered, the scan may still answer: on a Modbus line the probe reads one unit, and a dead
   * one fails it while the others answer. Not on OPC UA (nothing else answers while connecting), nor once the link
   * itself is gone (a loss reported, a socket closed).
   */
  private mayAnswerElsewhere(error: unknown, generation: number): boolean {
    if (this.options.connection.protocol === 'opcua' || this.lostWhileStarting?.generation === generation) return false;
    return !(error instanceof DriverError && (error.kind === 'link-lost' || error.kind === 'not-connected'));
  }

  /**
   * How long the scan may take to reach a live unit behind dead ones: each dead unit costs its reads' timeouts until
   * it is called dead (two), and on a serial line a wait for the line to fall quiet after each.
   */
  private scanAnswerBudgetMs(): number {
    const units = Math.max(1, new Set(this.options.bindings.map((b) => b.unitId)).size);
    const perTimeout = this.options.connection.timeoutMs * (this.options.connection.protocol === 'modbus-rtu' ? 2 : 1);
    return units * DEAD_AFTER_TIMEOUTS * perTimeout;
  }

  private context(generation: number): DriverContext {
    const { connection, bindings, equipment, scanClasses, dataDir, log } = this.options;
    return {
      connection,
      bindings,
      ...(equipment ? { equipment } : {}),
      scanClasses,
      dataDir,
      log,
      emit: (samples) => {
        if (generation === this.generation) this.options.onSamples(samples);
      },
      linkLost: (error) => {
        if (generation !== this.generation) return;
        if (this.current.state === 'connected' || this.current.state === 'degraded') void this.fail(error);
        else if (this.current.state === 'connecting') {
          this.lostWhileStarting = { generation, error }; // firstAnswer fails on it
          this.onAnswer?.(); // and stops waiting for an answer
        }
      },
      reportDegraded: (reason) => {
        if (generation !== this.generation) return;
        this.setDegraded(reason !== undefined, reason, 'driver');
      },
      confirm: (signalIds) => {
        if (generation === this.generation) this.options.onConfirm?.(signalIds);
      },
      confirmedAlone: (signalIds) => {
        if (generation === this.generation) this.options.onConfirmedAlone?.(bindings.map((b) => b.signalId), new Set(signalIds));
      },
      recordRtt: (ms) => {
        if (generation !== this.generation) return;
        this.answeredIn = generation;
        this.onAnswer?.();
        this.options.onRtt(connection.id, ms);
      },
    };
  }

  private async fail(error: DriverError): Promise<void> {
    // One failure at a time: the state is still connected while the driver closes (an OPC UA close may take seconds),
    // and a second failure meanwhile (the link monitor asking again) would reconnect at once, then this one resume and
    // put the new connection into backoff, its next attempt replacing that driver without closing it.
    if (this.failing) return;
    this.failing = true;
    try {
      await this.failOnce(error);
    } finally {
      this.failing = false;
    }
  }

  private async failOnce(error: DriverError): Promise<void> {
    this.generation++;
    const failure = `${error.kind}:${error.message}`;
    if (failure !== this.lastLoggedFailure) {
      this.options.log.warn(`conn.${error.kind}`, `${this.options.connection.id}: ${error.message}`, { code: error.code });
      this.lastLoggedFailure = failure;
    }
    this.markStale();
    await this.discardDriver();
    if (this.stopped) return;
    this.failures++;
    const reason = { code: error.kind, message: error.message, details: { code: error.code, ...error.details } };
    const retries = this.options.connection.protocol === 'opcua' ? this.options.connection.connectRetries : Number.POSITIVE_INFINITY;
    if (NEEDS_USER_ACTION.has(error.kind) || (!this.everConnected && this.failures > retries)) {
      this.transition('failed', reason);
      return;
    }
    const delay = backoffDelay(this.options.connection.backoff, this.failures, this.options.random);
    this.transition('backoff', reason, this.current.attempt, Date.now() + delay);
    this.timer = setTimeout(() => void this.attempt(), delay);
  }

  private markStale(): void {
    const now = Date.now();
    this.options.onSamples(this.options.bindings.map((b) => ({ signalId: b.signalId, value: Number.NaN, quality: Quality.stale, sourceTime: now })));
  }

  private async discardDriver(): Promise<void> {
    const driver = this.driver;
    this.driver = undefined;
    this.keepFiguresOf(driver);
    if (driver) await driver.close().catch(() => undefined);
  }

  /** A driver's figures stay in the connection's totals: counters that went back would read as an engine restart. */
  private keepFiguresOf(driver: Driver | undefined): void {
    const figures = driver?.scanFigures?.();
    if (figures) this.scanBefore = addFigures(this.scanBefore, figures);
    // An exchange still in flight as its driver goes is not in these counts: at most one per reconnect, as with `answered`.
    const beside = driver?.requestsBesideScan?.();
    if (beside !== undefined) {
      this.besideScanBefore += beside;
      this.besideScanCounted = true;
    }
  }

  private transition(state: ConnectionState, reason?: DriverError | ConnectionStatus['reason'], attempt = this.current.attempt, nextRetryAt?: number): void {
    if (!canTransition(this.current.state, state)) {
      this.options.log.error('conn.bad-transition', `${this.current.state} → ${state} is not a legal transition`);
      return;
    }
    const shaped = reason instanceof DriverError ? { code: reason.kind, message: reason.message, details: { code: reason.code } } : reason;
    this.current = {
      connectionId: this.options.connection.id,
      protocol: this.options.connection.protocol,
      state,
      since: Date.now(),
      attempt,
      ...(shaped ? { reason: shaped } : {}),
      ...(nextRetryAt !== undefined ? { nextRetryAt } : {}),
    };
    this.options.onStatus(this.current);
  }
}

/** Sums two sets of scan figures (the period and requests per cycle are the newer ones). */
function addFigures(a: Record<string, ScanFigures>, b: Record<string, ScanFigures>): Record<string, ScanFigures> {
  const out: Record<string, ScanFigures> = { ...a };
  for (const [name, f] of Object.entries(b)) {
    const before = out[name];
    out[name] = before ? { ...f, cycles: before.cycles + f.cycles, skippedCycles: before.skippedCycles + f.skippedCycles, answered: before.answered + f.answered } : { ...f };
  }
  return out;
}
