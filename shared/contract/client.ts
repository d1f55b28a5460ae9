/** The typed contract client: the only way the renderer (and tests, and the CLI) talk to the engine. */
import type { Carrier } from './carriers/carrier';
import { decodeFrame, encodeEnvelope, type ReplyEnvelope } from './envelope';
import { ContractError } from './errors';
import { events, isEventName, type EventName, type EventOf } from './events';
import { requests, type ReplyOf, type RequestName, type RequestOf } from './requests';
import type { TelemetryFrame } from './telemetry';

interface Pending {
  name: RequestName;
  resolve: (value: unknown) => void;
  reject: (error: ContractError) => void;
  /** performance.now() after which it times out (Infinity: never). */
  deadline: number;
}

/** The longest delay a timer takes (2^31 - 1 ms, about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** Receives one telemetry frame; call `ack` once the frame has been taken so the engine sends the next. */
export type TelemetryListener = (frame: TelemetryFrame, ack: () => void) => void;

export interface ContractClientOptions {
  /** Reject a request that has no reply after this long (0 = never). */
  timeoutMs?: number;
}

/** A typed request/event/telemetry client over any carrier. Replies and events are validated on arrival too. */
export class ContractClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Map<EventName, Set<(body: never) => void>>();
  private readonly telemetryListeners = new Set<TelemetryListener>();
  private readonly timeoutMs: number;
  /**
   * One timer for all timeouts, armed for the oldest pending request's deadline (every request has the same timeout,
   * so the pending map's order is deadline order). A timer per request was a measurable share of a small one's cost.
   * It stays armed when the last reply comes (the next request needs no new timer) but then no longer holds a Node
   * process open, as a pending request does.
   */
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the timer holds the process open (Node; browser timers have no such notion). */
  private timerHeld = false;

  constructor(
    private readonly carrier: Carrier,
    options: ContractClientOptions = {},
  ) {
    // Never (0) for a timeout that is not a positive finite number; at most what a timer can wait.
    const timeoutMs = options.timeoutMs ?? 30000;
    this.timeoutMs = Number.isFinite(timeoutMs) && timeoutMs > 0 ? Math.min(timeoutMs, MAX_TIMER_MS) : 0;
    carrier.onFrame((frame) => this.receive(frame));
    // Requests pending at a close were sent: their `sent` detail tells them apart from one refused before sending.
    carrier.onClose((reason) => this.failAll(new ContractError('closed', `connection to the engine closed: ${reason}`, { sent: true })));
  }

  /** Sends request `name` and resolves with its validated reply, or rejects with a ContractError. */
  request<N extends RequestName>(name: N, body: RequestOf<N>): Promise<ReplyOf<N>> {
    if (!this.carrier.isOpen) return Promise.reject(new ContractError('closed', 'connection to the engine is closed'));
    const id = this.nextId++;
    return new Promise<ReplyOf<N>>((resolve, reject) => {
      const deadline = this.timeoutMs > 0 ? performance.now() + this.timeoutMs : Number.POSITIVE_INFINITY;
      this.pending.set(id, { name, resolve: resolve as (value: unknown) => void, reject, deadline });
      if (this.timeoutMs > 0) {
        if (this.deadlineTimer === undefined) this.armDeadline(this.timeoutMs);
        else this.holdTimer(true);
      }
      this.carrier.send(encodeEnvelope({ t: 'req', id, name, body }));
    });
  }

  /** Arms the one deadline timer (only while a request is pending, so it holds the process open). */
  private armDeadline(ms: number): void {
    this.deadlineTimer = setTimeout(() => this.expire(), Math.max(1, ms));
    this.timerHeld = true;
  }

  /** Makes the armed timer hold the process open, or not (Node's ref/unref; nothing in a browser). */
  private holdTimer(hold: boolean): void {
    if (this.timerHeld === hold || this.deadlineTimer === undefined) return;
    const timer = this.deadlineTimer as { ref?: () => void; unref?: () => void };
    if (hold) timer.ref?.();
    else timer.unref?.();
    this.timerHeld = hold;
  }

  /** Rejects every request past its deadline, then re-arms for the oldest one left (if any). */
  private expire(): void {
    this.deadlineTimer = undefined;
    this.timerHeld = false;
    const now = performance.now();
    for (const [id, pending] of this.pending) {
      if (pending.deadline > now) return this.armDeadline(pending.deadline - now);
      this.pending.delete(id);
      pending.reject(new ContractError('timeout', `no reply to ${pending.name} within ${this.timeoutMs} ms`));
    }
  }

  /** Subscribes to event `name`; returns the unsubscribe function. */
  on<N extends EventName>(name: N, listener: (body: EventOf<N>) => void): () => void {
    let set = this.eventListeners.get(name);
    if (!set) this.eventListeners.set(name, (set = new Set()));
    set.add(listener as (body: never) => void);
    return () => set.delete(listener as (body: never) => void);
  }

  /** Subscribes to telemetry frames (after a `telemetry.subscribe` request). */
  onTelemetry(listener: TelemetryListener): () => void {
    this.telemetryListeners.add(listener);
    return () => this.telemetryListeners.delete(listener);
  }

  close(): void {
    this.carrier.close('client closed');
  }

  private receive(raw: unknown): void {
    const decoded = decodeFrame(raw);
    if (decoded.kind === 'telemetry') {
      const frame = decoded.frame;
      let acked = false;
      const ack = () => {
        if (acked || !this.carrier.isOpen) return;
        acked = true;
        this.carrier.send(encodeEnvelope({ t: 'ack', seq: frame.seq }));
      };
      if (this.telemetryListeners.size === 0) ack();
      for (const listener of this.telemetryListeners) listener(frame, ack);
      return;
    }
    if (decoded.kind === 'error') return; // the engine never sends malformed frames; nothing to answer
    const envelope = decoded.envelope;
    if (envelope.t === 'res') this.settle(envelope);
    else if (envelope.t === 'evt' && isEventName(envelope.name)) {
      const parsed = events[envelope.name].safeParse(envelope.body);
      if (!parsed.success) return;
      for (const listener of this.eventListeners.get(envelope.name) ?? []) (listener as (body: unknown) => void)(parsed.data);
    }
  }

  private settle(envelope: ReplyEnvelope): void {
    const pending = this.pending.get(envelope.id);
    if (!pending) return;
    this.pending.delete(envelope.id);
    if (this.pending.size === 0) this.holdTimer(false);
    if (!envelope.ok) return pending.reject(ContractError.fromShape(envelope.error));
    const parsed = requests[pending.name].reply.safeParse(envelope.body);
    if (parsed.success) pending.resolve(parsed.data);
    else pending.reject(new ContractError('bad-reply', `reply to ${pending.name} does not match the contract: ${parsed.error.message}`));
  }

  private failAll(error: ContractError): void {
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    this.timerHeld = false;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
