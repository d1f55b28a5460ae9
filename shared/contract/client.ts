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
   */
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly carrier: Carrier,
    options: ContractClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30000;
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
      if (this.deadlineTimer === undefined && this.timeoutMs > 0) this.armDeadline(this.timeoutMs);
      this.carrier.send(encodeEnvelope({ t: 'req', id, name, body }));
    });
  }

  /** Arms the one deadline timer; unref'd where it can be, so it never keeps a Node process alive by itself. */
  private armDeadline(ms: number): void {
    const timer = setTimeout(() => this.expire(), Math.max(1, ms));
    (timer as { unref?: () => void }).unref?.();
    this.deadlineTimer = timer;
  }

  /** Rejects every request past its deadline, then re-arms for the oldest one left (if any). */
  private expire(): void {
    this.deadlineTimer = undefined;
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
    if (!envelope.ok) return pending.reject(ContractError.fromShape(envelope.error));
    const parsed = requests[pending.name].reply.safeParse(envelope.body);
    if (parsed.success) pending.resolve(parsed.data);
    else pending.reject(new ContractError('bad-reply', `reply to ${pending.name} does not match the contract: ${parsed.error.message}`));
  }

  private failAll(error: ContractError): void {
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
