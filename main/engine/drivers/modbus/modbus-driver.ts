/**
 * The Modbus driver: one physical link (TCP, RTU over TCP, serial RTU), one serialized queue shared by every
 * unit id on it, the scan planner's requests per scan class, per-unit liveness, and raw maintenance access.
 */
import type { ScanFigures } from '../../../../shared/contract/events';
import { Quality } from '../../../../shared/contract/telemetry';
import type { Driver, DriverContext, DriverFactory, MotionGroup, Sample, TagBinding, WriteLane, WriteResult } from '../driver';
import { DriverError, asDriverError } from '../driver-error';
import { qualityOfValue } from '../numbers';
import { parseModbusAddress } from '../../../../shared/site/data-types';
import { CodecError, encodeRegisters } from './codecs';
import { linkName, type ModbusConnection } from './connection';
import { broadcastRefusal, isBroadcastWrite } from './broadcast';
import { assertWithinLimits, isBitTable } from './limits';
import { DEFAULT_LANE_LIMITS, LinkQueue, type Lane, type WriteTarget } from './link-queue';
import { readRaw, writeRaw, type Exchanger, type ModbusRawAccess, type RawReadOptions, type RawValueAt, type RawWriteOptions } from './raw-access';
import { isDeviceAnswer, isGatewayNoAnswer } from './errors';
import { describeRequest, type ModbusRequest } from './request';
import { ProbeCarriers } from './probe-carriers';
import { toRaw } from './scaling';
import { parseValueText } from './value-text';
import { Scanner } from './scanner';
import { engineeringValue, layoutOf, rawFromBlock, type TagLayout } from './tag-layout';
import { ModbusTransport, type ExchangeResult } from './transport';
import type { ModbusLinkStats } from './link-stats';
import { DEFAULT_UNIT_HEALTH, UnitHealth, type UnitHealthPolicy } from './unit-health';

/** Tuning a test or the CLI may override. */
export interface ModbusDriverOptions {
  unitHealth?: UnitHealthPolicy;
}

/** A motion write's group (a stop withdraws it while it waits) and its check right before it goes out. */
interface WriteJob {
  motion?: MotionGroup | undefined;
  wanted?: (() => boolean) | undefined;
}

/** An exchange with neither (shared). */
const PLAIN_WRITE: WriteJob = Object.freeze({});

/** What a request writes to: writes to the same thing are never reordered by a join (LinkQueue.join). */
function writeTarget(request: ModbusRequest): WriteTarget {
  if (request.op === 'write-bit') return { unit: request.unitId, table: 'holding', from: request.address, to: request.address, bit: request.bit };
  const count = request.op === 'read' ? request.count : request.table === 'holding' ? request.registers.length : request.bits.length;
  return { unit: request.unitId, table: request.table, from: request.address, to: request.address + Math.max(1, count) - 1 };
}

/** The refusal of an atomic job's next exchange when a stop waits (see makeExchanger): nothing of it was written. */
function yieldedToStop(request: ModbusRequest): DriverError {
  return new DriverError('cancelled', 'yielded-to-stop', 'A stop on this link went first; this bit write was not sent. Send it again if it is still wanted.', describeRequest(request));
}

/** Implements Driver and ModbusRawAccess for one Modbus connection. */
export class ModbusDriver implements Driver, ModbusRawAccess {
  private readonly transport: ModbusTransport;
  private readonly queue: LinkQueue;
  readonly health: UnitHealth;
  readonly scanner: Scanner;
  private readonly layouts: TagLayout[];
  private lostReported = false;
  /** Dead units last reported to the supervisor (comma-joined), so only changes are reported. */
  private deadUnitsReported = '';
  private readonly counters = { requests: 0, errors: 0, timeouts: 0 };
  /** Exchanges outside the scan lane (each of an atomic job's too): see requestsBesideScan. */
  private besideScan = 0;
  private readonly exchangers = new Map<Lane, Exchanger>();
  /** What the link monitor's own probe reads: one register, the first bound tag's, else holding:0 of the unit. */
  private readonly probeRequest: ModbusRequest;
  private readonly carriers: ProbeCarriers;

  constructor(
    private readonly ctx: DriverContext<ModbusConnection>,
    options: ModbusDriverOptions = {},
  ) {
    this.health = new UnitHealth(options.unitHealth ?? DEFAULT_UNIT_HEALTH);
    this.transport = new ModbusTransport(ctx.connection, (error) => this.lost(error));
    // Several requests in flight only where replies carry a transaction id, and only when the site allows it.
    const maxInFlight = ctx.connection.protocol === 'modbus-tcp' ? (ctx.connection.maxInFlight ?? 1) : 1;
    this.queue = new LinkQueue(DEFAULT_LANE_LIMITS, maxInFlight);
    this.layouts = [];
    for (const binding of ctx.bindings) {
      try {
        this.layouts.push(layoutOf(binding));
      } catch (error) {
        // The site schema refuses such tags; should one slip through, it is reported, never a crash of the engine.
        ctx.log.error('modbus.bad-tag', `${binding.equipmentId}.${binding.name}: ${asDriverError(error).message}`);
      }
    }
    const first = this.layouts[0];
    this.probeRequest = first
      ? { op: 'read', unitId: first.unitId, table: first.table, address: first.offset, count: 1 }
      : { op: 'read', unitId: ctx.connection.unitId, table: 'holding', address: 0, count: 1 };
    this.carriers = new ProbeCarriers(this.probeRequest.unitId, this.queue.maxInFlight === 1);
    this.scanner = new Scanner({
      layouts: this.layouts,
      maxGap: ctx.connection.maxGap,
      scanClasses: ctx.scanClasses,
      health: this.health,
      read: async (request) => (await this.execute(request, 'scan')) as number[] | boolean[],
      readsAtOnce: this.queue.maxInFlight === 1 ? 1 : this.queue.maxInFlight - 1,
      emit: (samples) => ctx.emit(samples),
      log: ctx.log,
    });
  }

  async connect(): Promise<void> {
    await this.transport.open();
    this.ctx.log.info('modbus.connected', `${this.ctx.connection.id}: ${this.ctx.connection.protocol} ${linkName(this.ctx.connection)} open`, {
      requestsPerScan: Object.fromEntries([...this.scanner.stats].map(([name, s]) => [name, s.requestsPerCycle])),
    });
  }

  async start(): Promise<void> {
    this.scanner.start();
  }

  async close(): Promise<void> {
    this.scanner.stop();
    this.queue.close(`${this.ctx.connection.id} closed`);
    await this.transport.close();
  }

  /** Cycles run and skipped per scan class. */
  scanFigures(): Record<string, ScanFigures> {
    return Object.fromEntries([...this.scanner.stats].map(([name, s]) => [name, { ...s }]));
  }

  /**
   * Exchanges of the stop, control and maintenance lanes so far (Driver.requestsBesideScan), on a link with one request
   * in flight only: with more, those lanes keep a slot of their own and take nothing from the scan.
   */
  requestsBesideScan(): number | undefined {
    return this.queue.maxInFlight === 1 ? this.besideScan : undefined;
  }

  /** Link counters: requests, errors, timeouts, resyncs, queue depth, dead units. */
  stats(): ModbusLinkStats {
    return {
      ...this.counters,
      resyncs: this.transport.resyncs,
      queueMaxDepth: this.queue.maxDepth,
      maxInFlight: this.queue.maxInFlight,
      maxInFlightSeen: this.queue.maxRunning,
      maintenanceRefused: this.queue.refused.maintenance,
      ...this.carriers.counters,
      deadUnits: this.health.deadUnits(),
      ...(this.transport.rtuStats ? { rtu: this.transport.rtuStats } : {}),
    };
  }

  async read(binding: TagBinding): Promise<Sample> {
    const layout = layoutOf(binding);
    const block = await this.execute({ op: 'read', unitId: layout.unitId, table: layout.table, address: layout.offset, count: layout.width }, 'control');
    try {
      const value = engineeringValue(layout, rawFromBlock(layout, block ?? [], layout.offset));
      return { signalId: binding.signalId, value, quality: qualityOfValue(value, Quality.good, Quality.bad), sourceTime: Date.now() };
    } catch (error) {
      throw new DriverError('bad-response', 'modbus-undecodable', `${binding.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Writes one bound tag on `lane` (stop jumps every queue). Only the command service may call it. */
  async UNSAFE_write(binding: TagBinding, value: number | string | boolean | bigint, lane: WriteLane = 'control', motion?: MotionGroup, wanted?: () => boolean): Promise<WriteResult> {
    try {
      const layout = layoutOf(binding);
      // Text for a non-string tag is parsed per type, so int64 decimal text stays exact.
      const typed = typeof value === 'string' && layout.spec.type !== 'string' ? parseValueText(value, layout.spec.type) : value;
      const raw = toRaw(typed, layout.spec.type, { scale: binding.tag.scale, offset: binding.tag.offset });
      if (isBitTable(layout.table) || layout.bit !== undefined) {
        // A motion write on a coil or a bit carries its group too, so a stop withdraws it like a register's.
        const exchanger = motion === undefined && wanted === undefined ? this.exchanger(lane) : this.makeExchanger(lane, { motion, wanted });
        await writeRaw(exchanger, this.ctx.connection.unitId, { unitId: layout.unitId, address: binding.tag.address, value: raw, type: 'bool' });
      } else {
        const registers = encodeRegisters(raw, layout.spec);
        await this.execute({ op: 'write', unitId: layout.unitId, table: 'holding', address: layout.offset, registers }, lane, { motion, wanted });
      }
      return { ok: true };
    } catch (error) {
      if (error instanceof CodecError) return { ok: false, error: new DriverError('invalid-request', 'modbus-bad-value', `${binding.name}: ${error.message}`) };
      return { ok: false, error: asDriverError(error) };
    }
  }

  /**
   * Answers whether the link answers, and resolves with an RTT. On a link with one request in flight it rides on an
   * exchange still waiting for its answer when there is one (see probe-carriers.ts); else it reads one register (the
   * probe request) on the control lane, timed from when it goes on the wire (it may wait behind heartbeats and jogs).
   */
  async probe(onWire?: (agoMs: number) => void): Promise<number> {
    const ride = this.carriers.takeForProbe();
    if (ride) {
      const startedAt = performance.now();
      let wentOutAgo = 0;
      if (await ride.carry((ago) => ((wentOutAgo = ago), onWire?.(ago)))) {
        this.carriers.counters.probesCarried++;
        return performance.now() - startedAt + wentOutAgo;
      }
    }
    this.carriers.counters.probesSent++;
    let started = 0;
    await this.queue.enqueue(() => {
      started = performance.now();
      onWire?.(0);
      this.besideScan++;
      // A device busy or refusing the probe's register still answers: the link is alive (a device answering every
      // request with an exception was called silent, its values stale, its link reconnected every few seconds).
      return this.exchangeNow(this.probeRequest).catch((error: unknown) => {
        if (!isDeviceAnswer(error)) throw error;
      });
    }, 'control');
    return performance.now() - started;
  }

  /** A maintenance read (the lowest, bounded lane: it may be refused with a `busy` DriverError). */
  readRaw(options: RawReadOptions): Promise<RawValueAt[]> {
    return readRaw(this.exchanger('maintenance'), this.ctx.connection.unitId, options);
  }

  /** A maintenance write (the lowest, bounded lane: it may be refused with a `busy` DriverError). */
  UNSAFE_writeRaw(options: RawWriteOptions, lane: WriteLane = 'maintenance', wanted?: () => boolean): Promise<void> {
    return writeRaw(wanted ? this.makeExchanger(lane, { wanted }) : this.exchanger(lane), this.ctx.connection.unitId, options);
  }

  /** Writes holding registers as one request (FC16): a device block that must arrive whole. */
  async UNSAFE_writeRegisters(unitId: number | undefined, address: string, registers: number[], lane: WriteLane = 'control', motion?: MotionGroup, wanted?: () => boolean): Promise<void> {
    const parsed = parseModbusAddress(address);
    if ('error' in parsed || parsed.table !== 'holding' || parsed.bit !== undefined) {
      throw new DriverError('invalid-request', 'modbus-invalid-request', `register block needs a holding register address, not "${address}"`);
    }
    await this.execute({ op: 'write', unitId: unitId ?? this.ctx.connection.unitId, table: 'holding', address: parsed.offset, registers }, lane, { motion, wanted });
  }

  /** Withdraws the waiting motion writes of `group`: a stop on that equipment was just queued ahead of them. */
  cancelMotion(group: MotionGroup, reason: string, byStop = true): number {
    return this.queue.cancel(group, new DriverError('cancelled', byStop ? 'motion-cancelled-by-stop' : 'motion-withdrawn', reason, { group }));
  }

  /** Raw exchanges in one lane of the link queue (one object per lane, made once: raw reads are a hot path). */
  private exchanger(lane: Lane): Exchanger {
    let exchanger = this.exchangers.get(lane);
    if (!exchanger) {
      exchanger = this.makeExchanger(lane);
      this.exchangers.set(lane, exchanger);
    }
    return exchanger;
  }

  /**
   * Raw exchanges in `lane`, as jobs of `motion`'s group when given. An atomic job (a bit's read-modify-write) gives
   * way to a stop that arrives while it runs: before each exchange after its first, a waiting stop ends it unsent,
   * so a stop waits for one exchange, never the job's two or three. Nothing of the job has been written by then (the
   * write is its last exchange), and a job in the stop lane never gives way.
   */
  private makeExchanger(lane: Lane, job: WriteJob = PLAIN_WRITE): Exchanger {
    return {
      maskWrite: this.ctx.connection.protocol === 'modbus-tcp',
      one: (request) => this.execute(request, lane, job),
      atomic: (body, share) => {
        // The same stop still waiting to go out is not queued twice (LinkQueue.join).
        const shared = lane === 'stop' && share !== undefined ? this.queue.join<never>(lane, share) : undefined;
        const queuedOn = this.queuedOn(lane, true);
        const run = () => {
          let exchanges = 0;
          return body((request) => {
            if (exchanges++ > 0) {
              if (lane !== 'stop' && this.queue.waiting('stop') > 0) return Promise.reject(yieldedToStop(request));
              // Asked again before each later exchange too: the write is the last one, so nothing is half done.
              if (job.wanted && !job.wanted()) return Promise.reject(new DriverError('cancelled', 'withdrawn-before-sending', 'No longer wanted before its write went out: not sent', describeRequest(request)));
            }
            return this.exchangeOn(lane, request, queuedOn);
          });
        };
        return shared ?? this.queue.enqueue(run, lane, { group: job.motion, wanted: job.wanted, share: lane === 'stop' ? share : undefined });
      },
    };
  }

  /** Checks limits, then runs one exchange in the link queue. */
  private execute(request: ModbusRequest, lane: Lane, job: WriteJob = PLAIN_WRITE): Promise<ExchangeResult> {
    try {
      assertWithinLimits(request);
    } catch (error) {
      return Promise.reject(error);
    }
    // The same stop still waiting to go out is not queued twice (LinkQueue.join).
    const share = lane === 'stop' ? { key: JSON.stringify(request), target: writeTarget(request) } : undefined;
    const shared = share === undefined ? undefined : this.queue.join<ExchangeResult>(lane, share);
    if (shared) return shared;
    // A plain exchange (every scan read) allocates no options.
    const options = job === PLAIN_WRITE && share === undefined ? undefined : { group: job.motion, wanted: job.wanted, share };
    const carrier = this.carriers.track(lane, request.unitId, !isBroadcastWrite(request));
    const queuedOn = this.queuedOn(lane, request.op !== 'read');
    if (!carrier) return this.queue.enqueue(() => this.exchangeOn(lane, request, queuedOn), lane, options);
    const result = this.queue.enqueue(
      () => {
        carrier.wentOut();
        return this.exchangeOn(lane, request, queuedOn);
      },
      lane,
      options,
    );
    carrier.settleWith(result);
    return result;
  }

  /** The socket a write queued now may go out on (transport.exchange); a stop goes out on whichever is open. */
  private queuedOn(lane: Lane, writes: boolean): number | undefined {
    return writes && lane !== 'stop' ? this.transport.socketNumber : undefined;
  }

  /** One exchange of `lane`'s, counted when it is not the scan's. */
  private exchangeOn(lane: Lane, request: ModbusRequest, queuedOn?: number): Promise<ExchangeResult> {
    if (lane !== 'scan') this.besideScan++;
    return this.exchangeNow(request, queuedOn);
  }

  /** One exchange; only ever called from inside a queue job. */
  private async exchangeNow(request: ModbusRequest, queuedOn?: number): Promise<ExchangeResult> {
    assertWithinLimits(request);
    const refusal = broadcastRefusal(request, this.ctx.connection);
    if (refusal) throw refusal;
    if (isBroadcastWrite(request)) {
      // No reply is expected, so there is no RTT, no unit health and never a timeout.
      this.counters.requests++;
      await this.transport.broadcast(request, queuedOn);
      return undefined;
    }
    this.counters.requests++;
    const started = performance.now();
    const silences = this.health.silencesOf(request.unitId);
    try {
      const result = await this.transport.exchange(request, queuedOn);
      this.ctx.recordRtt(performance.now() - started);
      this.health.answered(request.unitId);
      this.reportUnitHealth();
      return result;
    } catch (error) {
      this.counters.errors++;
      // A gateway's 10 or 11 says the unit behind it did not answer: silence, so a dead unit there goes to slow polling
      // instead of costing the gateway's own timeout in every cycle. Any other exception is the unit's answer.
      const gatewaySilence = isGatewayNoAnswer(error);
      if (isDeviceAnswer(error)) {
        this.ctx.recordRtt(performance.now() - started); // an answer: it times the link as well as any
        this.health.answered(request.unitId);
      }
      // A request whose reply was lost to a reconnect for another request's sake says nothing about its unit.
      const timedOut = error instanceof DriverError && error.kind === 'timeout' && error.code !== 'modbus-reply-lost';
      if (timedOut) this.counters.timeouts++;
      if (timedOut || gatewaySilence) {
        if (this.health.timedOut(request.unitId, silences)) {
          this.ctx.log.warn('modbus.unit-dead', `${this.ctx.connection.id}: unit ${request.unitId} does not answer; polling it slowly, other units continue`, describeRequest(request));
          this.reportUnitHealth();
          // A gateway that answers proves the link is up: reconnecting to it would only cost every value and the
          // operator's control, again and again while the units behind it stay silent.
          if (timedOut) this.checkAllSilent();
        }
      }
      throw error;
    }
  }

  /** Some units dead, others alive: the connection is degraded (shown, not reconnected); all alive: connected. */
  private reportUnitHealth(): void {
    if (!this.health.anyDead && this.deadUnitsReported === '') return; // the common case, after every answer
    const dead = [...new Set(this.layouts.map((l) => l.unitId))].filter((unit) => this.health.isDead(unit));
    const key = dead.join(',');
    if (key === this.deadUnitsReported) return;
    this.deadUnitsReported = key;
    const reason = dead.length > 0 ? new DriverError('timeout', 'modbus-unit-silent', `unit ${dead.join(', ')} does not answer; other units continue`, { units: dead }) : undefined;
    this.ctx.reportDegraded?.(reason);
  }

  /** When every scanned unit is dead the link itself is presumed gone: hand it to the supervisor to reconnect. */
  private checkAllSilent(): void {
    const scanned = new Set(this.layouts.map((l) => l.unitId));
    if (scanned.size === 0 || ![...scanned].every((unit) => this.health.isDead(unit))) return;
    this.lost(new DriverError('timeout', 'modbus-all-units-silent', `${this.ctx.connection.id}: no unit on ${linkName(this.ctx.connection)} answers`, { units: [...scanned] }));
  }

  private lost(error: DriverError): void {
    if (this.lostReported) return;
    this.lostReported = true;
    this.queue.close(error.message);
    this.ctx.linkLost(error);
  }
}

/** The factory the engine's table maps `modbus-tcp`, `modbus-rtu-tcp` and `modbus-rtu` to. */
export const createModbusDriver: DriverFactory<ModbusConnection> = (context) => new ModbusDriver(context);
