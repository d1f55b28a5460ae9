/**
 * One connected client, whatever its carrier: decodes and validates every inbound frame, dispatches requests
 * to the handler table, replies, forwards events and runs the client's telemetry pump. Bad input is answered
 * with a structured error and logged; nothing a client sends can throw out of here.
 */
import type { Carrier } from '../../../shared/contract/carriers/carrier';
import { decodeFrame, encodeEnvelope, MAX_INBOUND_FRAME_BYTES, type RequestEnvelope } from '../../../shared/contract/envelope';
import { ContractError, describeIssues, type ContractErrorShape } from '../../../shared/contract/errors';
import type { EventName, EventOf } from '../../../shared/contract/events';
import type { HandlerTable } from '../../../shared/contract/handlers';
import { isRequestName, requests } from '../../../shared/contract/requests';
import type { AccessClass } from '../../../shared/contract/access';
import type { Principal } from '../../../shared/contract/requests/control';
import type { AuthSession } from '../auth/session-auth';
import type { Logger } from '../drivers/driver';
import { TelemetryPump } from '../telemetry/telemetry-pump';
import { RefusalLog, type RefusalLogPolicy } from './refusal-log';

/** Requests one client may have in flight at once; more are answered `busy` at once, without queueing. */
export const MAX_REQUESTS_IN_FLIGHT = 32;
/**
 * Stops one client may have in flight at once, counted apart (the engine gives at least four per equipment): a stop
 * is never refused because other requests are waiting, and a stop pressed again must still run (it stops a jog
 * started since the last one), even while earlier ones wait for a stalled disk or silent units. Each stays cheap:
 * the same stop still waiting for a Modbus link is joined, not queued again (LinkQueue.join); the cap only bounds a
 * client that floods.
 */
export const MAX_STOPS_IN_FLIGHT = 1024;
/**
 * Messages one client may have refused in a second (busy, malformed, unknown, acks of no frame; an over-long frame
 * counts one per KiB) before it is closed as flooding: each
 * costs the engine's one loop a decode and an answer, so a client that keeps sending past its cap would slow every
 * other client's replies, stops included. A client that waits for its replies is never refused, however fast it goes;
 * closing its session ends its jogs and hands its control back, as for any client that goes.
 */
export const MAX_REFUSED_PER_SECOND = 1000;

/** Decides whether this session may send a request of `access` class now; undefined = yes, else the refusal. */
export type Authorise = (session: ClientSession<unknown>, request: string, access: AccessClass) => ContractErrorShape | undefined | Promise<ContractErrorShape | undefined>;

/** What a handler receives besides its body: the services the session was given, and the calling session. */
export interface SessionContext<S> {
  services: S;
  session: ClientSession<S>;
}

/**
 * Options of a session. Generic in the services handed to handlers, so this layer names no engine service (the
 * engine instantiates it with its EngineServices; handlers/context.ts names that pairing).
 */
export interface ClientSessionOptions<S> {
  id: number;
  label: string;
  /**
   * Who the engine says this client is, for per-client limits (the login throttle): given at attach from the
   * carrier (the Electron host, the browser's address), never a name the client chose. Default: `label`.
   */
  clientKey?: string;
  carrier: Carrier;
  handlers: HandlerTable<SessionContext<S>>;
  services: S;
  authorise: Authorise;
  log: Logger;
  maxHz: number;
  onClose(session: ClientSession<S>): void;
  /** Stops in flight at once (default MAX_STOPS_IN_FLIGHT): the engine gives four per equipment, at least that. */
  maxStopsInFlight?: number;
  /** Override of the in-flight cap (tests). */
  maxInFlight?: number;
  /** Override of the refusal log's rate limit (tests). */
  refusalLog?: RefusalLogPolicy;
}

/** A client attached to the engine: its carrier, its principal (who is logged in, if anyone) and its telemetry. */
export class ClientSession<S = unknown> implements AuthSession {
  readonly telemetry: TelemetryPump;
  private currentPrincipal: Principal | undefined;
  private lockedFrom: Principal | undefined;
  private consoleName: string | undefined;
  /** The console key (engine.hello), when the client has one. */
  private key: string | undefined;
  private lastRequestAt = Date.now();
  /** Refused inbound messages, for diagnostics and tests. */
  refused = 0;
  /** Requests dispatched and not yet answered (stops apart). */
  private inFlight = 0;
  private stopsInFlight = 0;
  private readonly refusals: RefusalLog;
  /** Refusals in the current second (see MAX_REFUSED_PER_SECOND). */
  private refusedSince = Number.NEGATIVE_INFINITY;
  private refusedInSecond = 0;

  /** Held without its service type: a session is the same thing whatever it hands to handlers (S is for callers). */
  private readonly options: ClientSessionOptions<unknown>;

  constructor(options: ClientSessionOptions<S>) {
    this.options = options as ClientSessionOptions<unknown>;
    this.telemetry = new TelemetryPump({ maxHz: options.maxHz, send: (frame) => this.sendRaw(frame) });
    this.refusals = new RefusalLog(options.log, options.label, options.refusalLog);
    options.carrier.onFrame((frame) => this.receive(frame));
    options.carrier.onClose(() => {
      this.telemetry.stop();
      this.refusals.flush();
      options.onClose(this);
    });
  }

  /** Requests of this client being handled right now (stops included). */
  get requestsInFlight(): number {
    return this.inFlight + this.stopsInFlight;
  }

  /** The console's name in prompts and the audit: the one its client gave (engine.hello), else the carrier's. */
  get label(): string {
    return this.consoleName ?? this.options.label;
  }

  /** The engine-assigned key of this client's connection for per-client limits; a console name never changes it. */
  get clientKey(): string {
    return this.options.clientKey ?? this.options.label;
  }

  /**
   * The console key this client goes on with (console-keys.ts): the first one it is given stays for the session (a
   * second hello must not move what its login failures are counted under).
   */
  useConsoleKey(key: string): string {
    this.key ??= key;
    return this.key;
  }

  /** The console key, once engine.hello gave one. */
  get consoleKey(): string | undefined {
    return this.key;
  }

  /**
   * Names this console (validated by the contract); records made from now on carry the name. Returns it. Refused
   * while logged in: a session holding control must not change who the audit says it is (a reconnect is a new session).
   */
  setConsoleName(name: string): string {
    if (this.currentPrincipal && name !== this.label) {
      throw new ContractError('bad-request', `the console name can only be set before login; it stays "${this.label}"`);
    }
    if (name !== this.label) this.options.log.info('session.named', `${this.label} is now "${name}"`);
    this.consoleName = name;
    return name;
  }

  get id(): number {
    return this.options.id;
  }

  /** Who is logged in on this client (undefined: nobody; read-only). */
  principal(): Principal | undefined {
    return this.currentPrincipal;
  }

  /** Who was logged in when the engine locked this session, until the next login or logout (their stop still works). */
  lockedPrincipal(): Principal | undefined {
    return this.lockedFrom;
  }

  setPrincipal(principal: Principal | undefined, lockedFrom?: Principal): void {
    this.currentPrincipal = principal;
    this.lockedFrom = lockedFrom;
    if (principal) this.lastRequestAt = Date.now(); // a login is someone at the console
  }

  lastActivity(): number {
    return this.lastRequestAt;
  }

  /** False once the client's carrier has closed. */
  isOpen(): boolean {
    return this.options.carrier.isOpen;
  }

  /** Pushes an event to this client. */
  emit<N extends EventName>(name: N, body: EventOf<N>): void {
    this.sendRaw(encodeEnvelope({ t: 'evt', name, body }));
  }

  close(reason: string): void {
    this.telemetry.stop();
    this.refusals.flush();
    this.options.carrier.close(reason);
  }

  private sendRaw(frame: string | ArrayBuffer): void {
    if (this.options.carrier.isOpen) this.options.carrier.send(frame);
  }

  private receive(raw: unknown): void {
    if (raw instanceof ArrayBuffer) return this.refuse({ code: 'bad-frame', message: 'clients send text frames only' });
    const decoded = decodeFrame(raw, MAX_INBOUND_FRAME_BYTES);
    // A refused frame weighs what it cost to receive and parse (one refusal per KiB, at least one): a client sending
    // large frames that are refused is closed after a few, not after a thousand (165 MB of JSON a second held the loop).
    const weight = Math.max(1, Math.ceil(frameLength(raw) / 1024));
    if (decoded.kind === 'error') return this.refuse(decoded.error, decoded.id, weight);
    if (decoded.kind === 'telemetry') return this.refuse({ code: 'bad-frame', message: 'clients do not send telemetry' });
    const envelope = decoded.envelope;
    // An ack of no frame awaiting one is answered by nothing, but it still costs a decode: it counts as refused.
    if (envelope.t === 'ack') return void (this.telemetry.ack(envelope.seq) || this.overBudget(1));
    if (envelope.t !== 'req') return this.refuse({ code: 'bad-envelope', message: `clients do not send "${envelope.t}" messages` }, undefined, weight);
    void this.dispatch(envelope, weight);
  }

  /** `weight`: what refusing this request counts against the client's budget (its frame's size). */
  private async dispatch(envelope: RequestEnvelope, weight: number): Promise<void> {
    const { id, name } = envelope;
    if (!isRequestName(name)) return this.refuse({ code: 'unknown-request', message: `unknown request "${name}"` }, id, weight);
    const definition = requests[name];
    const stop = definition.access === 'stop';
    const limit = stop ? (this.options.maxStopsInFlight ?? MAX_STOPS_IN_FLIGHT) : (this.options.maxInFlight ?? MAX_REQUESTS_IN_FLIGHT);
    if ((stop ? this.stopsInFlight : this.inFlight) >= limit) {
      return this.refuse({ code: 'busy', message: `${limit} ${stop ? 'stops' : 'requests'} are already in flight; wait for their replies before sending more`, details: { limit } }, id, weight);
    }
    const parsed = definition.request.safeParse(envelope.body);
    if (!parsed.success) {
      const detail = describeIssues(parsed.error.issues, '(body)');
      return this.refuse({ code: 'bad-request', message: `bad ${name} request: ${detail}` }, id, weight);
    }
    if (stop) this.stopsInFlight++;
    else this.inFlight++;
    try {
      // Authorisation before any handler: the request's access class against this session's principal.
      const decided = this.options.authorise(this, name, definition.access);
      const denied = decided instanceof Promise ? await decided : decided; // no await (a tick) when decided at once
      // Activity for the inactivity lock: what only someone at the console does. Reads are polled by windows by
      // themselves (link figures every second), so they would keep an unattended login open for ever.
      if (definition.access !== 'read' || name === 'session.activity') this.lastRequestAt = Date.now();
      if (denied) return this.replyError(id, denied);
      const handler = this.options.handlers[name] as (body: unknown, ctx: SessionContext<unknown>) => unknown;
      const reply = await handler(parsed.data, { services: this.options.services, session: this });
      const checked = definition.reply.safeParse(reply);
      if (!checked.success) {
        this.options.log.error('contract.bad-reply', `${name} produced a reply that fails the contract`, { issues: checked.error.issues.length });
        return this.replyError(id, { code: 'bad-reply', message: `the engine could not answer ${name} correctly` });
      }
      this.sendRaw(encodeEnvelope({ t: 'res', id, ok: true, body: checked.data }));
    } catch (error) {
      if (error instanceof ContractError) return this.replyError(id, error.toShape());
      this.options.log.error('contract.handler-failed', `${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      this.replyError(id, { code: 'internal', message: `${name} failed inside the engine` });
    } finally {
      if (stop) this.stopsInFlight--;
      else this.inFlight--;
    }
  }

  private refuse(error: ContractErrorShape, id?: number, weight = 1): void {
    if (this.overBudget(weight)) return;
    this.refusals.note(error.code, error.message);
    if (id === undefined) this.emit('contract.error', error);
    else this.replyError(id, error);
  }

  /** Counts `weight` refusals in the current second; past the budget the client is closed (true: say nothing more). */
  private overBudget(weight: number): boolean {
    this.refused++;
    const now = performance.now();
    if (now - this.refusedSince >= 1000) {
      this.refusedSince = now;
      this.refusedInSecond = 0;
    }
    const before = this.refusedInSecond;
    this.refusedInSecond += weight;
    if (this.refusedInSecond <= MAX_REFUSED_PER_SECOND) return false;
    if (before > MAX_REFUSED_PER_SECOND || !this.options.carrier.isOpen) return true; // closing already
    this.options.log.warn('session.flooding', `${this.label} closed: over ${MAX_REFUSED_PER_SECOND} messages refused in a second (it does not wait for its replies)`);
    this.close('flooding: too many messages refused');
    return true;
  }

  private replyError(id: number, error: ContractErrorShape): void {
    this.sendRaw(encodeEnvelope({ t: 'res', id, ok: false, error }));
  }
}

/** A frame's length for the refusal weight (characters of a text frame: at most a third of its bytes off). */
function frameLength(raw: unknown): number {
  return typeof raw === 'string' ? raw.length : 0;
}
