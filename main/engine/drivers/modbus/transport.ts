/**
 * Opens modbus-serial for one physical link and performs single exchanges on it. After a timeout or a garbled
 * reply the link is resynchronised before the next request: RTU over TCP reconnects (the late reply dies with
 * the old socket), serial RTU waits for the line to fall quiet and flushes, Modbus TCP reconnects only when the
 * stream is out of step (transaction ids already reject late replies).
 */
import ModbusRTU from 'modbus-serial';
import { DriverError } from '../driver-error';
import type { ModbusConnection } from './connection';
import { linkName } from './connection';
import { sendBroadcast, type BroadcastWrite } from './broadcast';
import { mapModbusError } from './errors';
import { describeRequest, requestText, type ModbusRequest } from './request';
import { RtuFramePort, type RtuPortStats } from './rtu-port';
import { LateReplyIds, nextTransactionId } from './late-reply-ids';
import { connectClient, connectRtuClient, pendingTcpBytes, watchTcpSocket } from './transport-open';

/** What one exchange returns: registers or bits for reads, nothing for writes. */
export type ExchangeResult = number[] | boolean[] | undefined;

/**
 * One physical link. Only the LinkQueue calls `exchange`: one request in flight, or on Modbus TCP up to the site's
 * `maxInFlight` (modbus-serial pairs those replies by transaction id).
 */
export class ModbusTransport {
  private client: ModbusRTU | undefined;
  /** Our strictly pairing port on RTU framing (undefined on Modbus TCP). */
  private port: RtuFramePort | undefined;
  /** Modbus TCP ids whose requests timed out on this socket, held out of use while their replies may still come. */
  private readonly lateReplyIds = new LateReplyIds();
  private closing = false;
  private readonly inFlight = new Set<(error: DriverError) => void>();
  /**
   * A reconnect under way after a broken stream. With several requests in flight the queue's slots free while it
   * runs, and an exchange started meanwhile (a stop's retry, say) must wait for the new socket, not fail as if the
   * link were down: with one request in flight the queue itself made it wait.
   */
  private reconnecting: Promise<void> | undefined;
  /** Resynchronisations done (reconnects or drains) — diagnostics. */
  resyncs = 0;
  /** Sockets opened so far: a write queued on one never goes out on a later one (`exchange`'s `queuedOn`). */
  private socketsOpened = 0;

  constructor(
    private readonly connection: ModbusConnection,
    private readonly onLost: (error: DriverError) => void,
  ) {}

  get isOpen(): boolean {
    return this.client?.isOpen === true;
  }

  /** The socket a request queued now is queued on (a number; the next socket opened gets the next one). */
  get socketNumber(): number {
    return this.socketsOpened;
  }

  /** Opens the link; rejects with connect-failed. */
  async open(): Promise<void> {
    this.closing = false;
    this.client = await this.openClient();
  }

  /**
   * Closes the link; never rejects. An exchange in flight went out and is now left unanswered: it rejects as such
   * (a write among them may have acted, so its outcome must not say it was refused), never counted against its unit.
   */
  async close(): Promise<void> {
    this.closing = true;
    const error = new DriverError('timeout', 'modbus-reply-lost', `${linkName(this.connection)} closed before this request was answered; whether the device acted on it is unknown`);
    for (const reject of this.inFlight) reject(error);
    this.inFlight.clear();
    const client = this.client;
    this.client = undefined;
    if (client) await closeClient(client);
  }

  /**
   * Sends one request and waits for its reply; on timeout/garbage resyncs the link, then rejects. A request given
   * `queuedOn` (a write, checked and queued on that socket) fails unsent if the link was reconnected since: a write is
   * never carried over to a new connection (the design's "no command queued across a disconnect").
   */
  async exchange(request: ModbusRequest, queuedOn?: number): Promise<ExchangeResult> {
    if (this.reconnecting) await this.reconnecting;
    const client = this.client;
    if (!client?.isOpen) throw new DriverError('not-connected', 'modbus-not-connected', `${linkName(this.connection)} is not open`, { request: describeRequest(request) });
    if (queuedOn !== undefined && queuedOn !== this.socketsOpened) throw carriedAcrossReset(this.connection, request);
    client.setID(request.unitId);
    try {
      // RTU: the inter-frame silence, which also outlasts a repeated answer; a line never that quiet fails unsent.
      if (this.port && !(await this.port.settle(this.connection.timeoutMs))) throw lineBusy(this.connection, request, this.port.stats.guardMs);
      if (this.client !== client) throw new DriverError('not-connected', 'modbus-not-connected', `${linkName(this.connection)} closed`);
      const id = this.connection.protocol === 'modbus-tcp' ? this.takeTransactionId(client) : undefined;
      try {
        return await this.settleOnClose(perform(client, request));
      } catch (raw) {
        // Timed out on a socket that stays open: its reply may still come, so its id must not pair a newer request.
        if (id !== undefined && mapModbusError(raw, request).kind === 'timeout' && this.client === client) this.lateReplyIds.hold(id);
        throw raw;
      }
    } catch (raw) {
      const error = mapModbusError(raw, request);
      if (error.kind === 'timeout' || error.kind === 'bad-response') await this.resync(client, error);
      throw error;
    }
  }

  /** Sends an allowed broadcast write (unit 0) without waiting for a reply: none comes. `queuedOn` as for `exchange`. */
  async broadcast(request: BroadcastWrite, queuedOn?: number): Promise<void> {
    if (this.reconnecting) await this.reconnecting;
    const client = this.client;
    if (!client?.isOpen) throw new DriverError('not-connected', 'modbus-not-connected', `${linkName(this.connection)} is not open`, { request: describeRequest(request) });
    if (queuedOn !== undefined && queuedOn !== this.socketsOpened) throw carriedAcrossReset(this.connection, request);
    await sendBroadcast(client, request, this.connection);
  }

  /** modbus-serial never settles a request whose port was destroyed; this makes close() settle it. */
  private settleOnClose<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.inFlight.add(reject);
      work.then(
        (value) => {
          this.inFlight.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.inFlight.delete(reject);
          reject(error);
        },
      );
    });
  }

  /** The id modbus-serial will give this request, after moving it past ids whose late replies may still come. */
  private takeTransactionId(client: ModbusRTU): number | undefined {
    this.lateReplyIds.skipHeld(client);
    return nextTransactionId(client);
  }

  /** Diagnostics of the RTU port: bytes discarded, duplicate and rejected replies, the guard time. */
  get rtuStats(): RtuPortStats | undefined {
    return this.port ? { ...this.port.stats } : undefined;
  }

  /** Fails the exchange in flight: its reply cannot be the answer to it. */
  private rejectReply(reason: string): void {
    const error = new DriverError('bad-response', 'modbus-reply-mismatch', `${linkName(this.connection)}: ${reason}`, { cause: reason });
    for (const reject of this.inFlight) reject(error);
  }

  private async openClient(): Promise<ModbusRTU> {
    let client: ModbusRTU;
    if (this.connection.protocol === 'modbus-tcp') {
      client = new ModbusRTU();
      client.on('error', () => undefined); // socket errors surface as rejected requests or a close
      await connectClient(client, this.connection);
      this.port = undefined;
    } else {
      const opened = await connectRtuClient(this.connection, (reason) => this.rejectReply(reason), this.port?.stats.guardMs);
      client = opened.client;
      client.on('error', () => undefined);
      this.port = opened.port;
    }
    client.setTimeout(this.connection.timeoutMs);
    this.socketsOpened++;
    this.lateReplyIds.clear(); // a new socket: no late reply of the old one can reach it
    const gone = () => {
      if (this.client !== client || this.closing) return;
      this.client = undefined;
      // What was in flight lost its reply with the socket: it fails now, as unanswered (a write among them may have
      // landed), rather than at its timeout (a probe from the CLI waited the whole of it, then said "no answer").
      const lost = new DriverError('timeout', 'modbus-reply-lost', `${linkName(this.connection)} was closed by the other end before this request was answered; whether the device acted on it is unknown`);
      for (const reject of this.inFlight) reject(lost);
      this.inFlight.clear();
      // Their modbus-serial timers too, as closeClient does: each would hold a process open (the CLI's) to its timeout.
      (client as unknown as { _cancelPendingTransactions?: () => void })._cancelPendingTransactions?.();
      this.onLost(new DriverError('link-lost', 'modbus-link-lost', `${linkName(this.connection)} closed`));
    };
    client.on('close', gone);
    if (this.connection.protocol === 'modbus-tcp') watchTcpSocket(client, gone); // a reset, too (see there)
    return client;
  }

  private async resync(client: ModbusRTU, cause: DriverError): Promise<void> {
    if (this.client !== client || this.closing) return;
    const protocol = this.connection.protocol;
    if (protocol === 'modbus-rtu') {
      this.resyncs++;
      // A reply later than one more full timeout is beyond any master: RTU frames carry no transaction id.
      await this.port?.drain(Math.max(50, this.connection.timeoutMs));
      return;
    }
    // A timeout with nothing half-received leaves the stream in step: a late reply is dropped by its transaction id,
    // which is held out of use meanwhile (late-reply-ids.ts: ids wrap after 256 requests, a quarter second on a LAN).
    if (protocol === 'modbus-tcp' && cause.kind === 'timeout' && pendingTcpBytes(client) === 0) return;
    const reconnecting = this.reconnect(client, cause);
    this.reconnecting = reconnecting;
    try {
      await reconnecting;
    } finally {
      if (this.reconnecting === reconnecting) this.reconnecting = undefined;
    }
  }

  /** Replaces the socket of a Modbus TCP or RTU-over-TCP link whose stream is out of step. */
  private async reconnect(client: ModbusRTU, cause: DriverError): Promise<void> {
    this.resyncs++;
    this.client = undefined; // the old client's close must not count as a lost link
    // Requests still in flight beside this one (Modbus TCP, maxInFlight > 1) lose their replies with the old socket,
    // and modbus-serial would never settle them: they fail now, as unanswered (a write among them may have landed).
    const lost = new DriverError('timeout', 'modbus-reply-lost', `${linkName(this.connection)} was reset after ${cause.code} before this request was answered; whether the device acted on it is unknown`);
    for (const reject of this.inFlight) reject(lost);
    this.inFlight.clear();
    await closeClient(client);
    if (this.closing) return;
    try {
      const opened = await this.openClient();
      if (this.closing) return await closeClient(opened); // closed meanwhile: the new socket must not outlive it
      this.client = opened;
    } catch (error) {
      const lost = error instanceof DriverError ? error : new DriverError('link-lost', 'modbus-link-lost', String(error));
      this.onLost(new DriverError('link-lost', 'modbus-link-lost', `reconnect after ${cause.code} failed: ${lost.message}`));
    }
  }
}

/** Closes a client's port and waits until it is released (a serial port's lock, a socket). */
function closeClient(client: ModbusRTU): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    try {
      // A request in flight keeps modbus-serial's timeout timer, which only its destroy clears: its caller has its
      // answer already (close rejects what is in flight), and the timer would hold the process open (a second at
      // every `start` shutdown, the ladle's RTU over TCP link being mid-request) and fire into a closed client.
      (client as unknown as { _cancelPendingTransactions?: () => void })._cancelPendingTransactions?.();
      const port = (client as unknown as { _port?: { destroy?: unknown; isOpen?: boolean } })._port;
      if (port instanceof RtuFramePort) client.close(done); // waits until the socket or serial port is released
      else if (typeof port?.destroy === 'function') client.destroy(done);
      else if (port?.isOpen) client.close(done);
      else done();
    } catch {
      done();
    }
  });
}

async function perform(client: ModbusRTU, request: ModbusRequest): Promise<ExchangeResult> {
  if (request.op === 'read') {
    const { address, count } = request;
    const reply =
      request.table === 'coil'
        ? await client.readCoils(address, count)
        : request.table === 'discrete'
          ? await client.readDiscreteInputs(address, count)
          : request.table === 'holding'
            ? await client.readHoldingRegisters(address, count)
            : await client.readInputRegisters(address, count);
    if (reply.data.length < count) throw new Error(`Data length error, expected ${count} values got ${reply.data.length}`);
    return reply.data.slice(0, count) as number[] | boolean[];
  }
  if (request.op === 'write-bit') {
    const mask = 1 << request.bit;
    const reply = await client.maskWriteRegister(request.address, ~mask & 0xffff, request.value ? mask : 0);
    checkEcho(request, reply.address === request.address, `address ${reply.address}`);
    return undefined;
  }
  if (request.table === 'coil') {
    const first = request.bits[0] as boolean;
    if (request.bits.length === 1) {
      const reply = await client.writeCoil(request.address, first);
      checkEcho(request, reply.address === request.address && reply.state === first, `coil ${reply.address}=${reply.state ? 'on' : 'off'}`);
    } else {
      const reply = await client.writeCoils(request.address, [...request.bits]);
      checkEcho(request, reply.address === request.address && reply.length === request.bits.length, `${reply.length} coils at ${reply.address}`);
    }
    return undefined;
  }
  const first = request.registers[0] as number;
  if (request.registers.length === 1) {
    const reply = await client.writeRegister(request.address, first);
    checkEcho(request, reply.address === request.address && reply.value === first, `register ${reply.address}=${reply.value}`);
    return undefined;
  }
  const reply = await client.writeRegisters(request.address, [...request.registers]);
  checkEcho(request, reply.address === request.address && reply.length === request.registers.length, `${reply.length} registers at ${reply.address}`);
  return undefined;
}

/** A write's reply echoes what was written (FC5/6: address and value, FC15/16: address and quantity); anything else fails the write. */
function checkEcho(request: ModbusRequest, matches: boolean, echoed: string): void {
  if (matches) return;
  throw new DriverError('bad-response', 'modbus-echo-mismatch', `the device confirmed ${echoed}, not the ${requestText(request)} sent; the write is not confirmed`, {
    request: describeRequest(request),
    echoed,
  });
}

/** A write queued before the link was reconnected (after a garbled or late reply): refused unsent, so it may be sent again. */
function carriedAcrossReset(connection: ModbusConnection, request: ModbusRequest): DriverError {
  return new DriverError('not-connected', 'modbus-link-reset', `${linkName(connection)} was reconnected after this write was queued; it was not sent (a write never goes out on a newer connection than the one it was checked on). Send it again if it is still wanted.`, { request: describeRequest(request), transient: true });
}

/**
 * An RTU line that was never quiet for the guard time within the request's timeout. The request was not sent, so it is
 * no timeout (a write's outcome would then say the device may have acted): the link is unusable, as when it is lost.
 */
function lineBusy(connection: ModbusConnection, request: ModbusRequest, guardMs: number): DriverError {
  return new DriverError('link-lost', 'modbus-line-busy', `${linkName(connection)}: the line was never quiet for ${guardMs} ms within ${connection.timeoutMs} ms (noise, or another master on it?); the request was not sent`, { request: describeRequest(request), transient: true });
}
