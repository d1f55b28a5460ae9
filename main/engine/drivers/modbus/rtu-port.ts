/**
 * The port modbus-serial sends RTU frames through, for RTU over TCP and serial RTU alike. modbus-serial's own RTU
 * ports keep every byte that arrives and search it for anything that looks like the awaited reply, so a device
 * that answers twice makes each request take the previous request's reply. This port instead:
 * - discards every byte that arrives while no request is in flight, and whatever is buffered when one is sent;
 * - takes as the reply only a frame that starts at the first byte after the request and fits it (rtu-reply.ts);
 * - hands the frame over only once the line has been quiet for a guard time after it: a second, different frame
 *   in that window means the first may have been stale, so the request fails instead of returning a wrong value
 *   (an exact copy is a duplicate answer and harmless);
 * - lets the next request go only after the same quiet time (the RTU inter-frame silence).
 */
import { EventEmitter } from 'node:events';
import { expectReply, judgeReply, sameBytes, type ReplyExpectation } from './rtu-reply';

/** The byte link under the port: a TCP socket to a gateway, or a serial port. */
export interface Wire {
  readonly isOpen: boolean;
  write(bytes: Buffer): void;
  /** Closes the link; resolves when it is released. */
  close(): Promise<void>;
  /** Discards what the OS has buffered but not yet delivered (serial only). */
  flush?(): Promise<void>;
}

/** Bytes after a frame beyond which the line is called noisy and the request fails. */
const MAX_TRAILER_BYTES = 512;

/** Counters for diagnostics and tests. */
export interface RtuPortStats {
  discardedBytes: number;
  duplicateReplies: number;
  rejectedReplies: number;
  guardMs: number;
}

/** A modbus-serial port (open/close/destroy/write/isOpen + 'data'/'close' events) that pairs replies strictly. */
export class RtuFramePort extends EventEmitter {
  private wire: Wire | undefined;
  private expected: ReplyExpectation | undefined;
  private received = Buffer.alloc(0);
  private frame: Buffer | undefined;
  private frameEndAt = 0;
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  private holdGeneration = 0;
  private lastByteAt = 0;
  /** When the last reply handed over ended (0 after a drain): stray bytes soon after it mean the device still talks. */
  private lastReplyEndAt = 0;
  private readonly baseGuardMs: number;
  readonly stats: RtuPortStats;

  /**
   * @param guardMs quiet time after a reply before it is handed over and before the next request (grows when the
   *   device is seen sending copies later than that, up to `maxGuardMs`)
   * @param onReject called with the reason when the reply cannot be the answer to the request in flight
   */
  constructor(
    guardMs: number,
    private readonly maxGuardMs: number,
    private readonly onReject: (reason: string) => void,
  ) {
    super();
    this.baseGuardMs = guardMs;
    this.stats = { discardedBytes: 0, duplicateReplies: 0, rejectedReplies: 0, guardMs };
  }
  /** Connects the port to its opened wire. */
  attach(wire: Wire): void {
    this.wire = wire;
  }

  get isOpen(): boolean {
    return this.wire?.isOpen === true;
  }

  /** modbus-serial's open: the wire is already open. */
  open(callback: (error?: Error) => void): void {
    callback(this.isOpen ? undefined : new Error('Port Not Open'));
  }

  /** modbus-serial's close. */
  close(callback?: () => void): void {
    this.reset();
    void (this.wire?.close() ?? Promise.resolve()).then(() => callback?.());
  }

  /** modbus-serial's destroy (its caller does not wait). */
  destroy(callback?: () => void): void {
    this.close(callback);
  }

  /** Sends a request: everything received before it is discarded; the reply must start after it. */
  write(request: Buffer): void {
    this.reset();
    this.expected = expectReply(request);
    this.wire?.write(request);
  }

  /**
   * Resolves true once the line has been quiet for the guard time (at once when it already has); false when it has
   * not been by `withinMs`. A line that never goes quiet (noise, a second master, a device that streams) must not hold
   * the request, and every lane behind it, stop included, with no bound: the request's own timeout has not started.
   */
  async settle(withinMs: number): Promise<boolean> {
    const deadline = performance.now() + withinMs;
    for (;;) {
      const now = performance.now();
      const wait = this.lastByteAt + this.stats.guardMs - now;
      if (wait <= 0) return true;
      if (now >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(Math.min(wait, deadline - now))));
    }
  }

  /** Waits until the line has been quiet for `quietMs` (at most 5×), discarding everything, then flushes. */
  async drain(quietMs: number): Promise<void> {
    this.reset();
    this.lastReplyEndAt = 0; // a late reply is the drain's business, not a reason to slow every request
    const started = performance.now();
    const deadline = started + quietMs * 5;
    for (;;) {
      // Quiet for `quietMs` from the drain's start: a reply late by up to one more timeout still lands in it.
      const wait = Math.min(Math.max(this.lastByteAt, started) + quietMs, deadline) - performance.now();
      if (wait <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
    }
    await this.wire?.flush?.();
    this.reset();
  }

  /** The wire's data. */
  receive(chunk: Buffer): void {
    const now = performance.now();
    this.lastByteAt = now;
    if (this.frame) return this.receiveTrailer(chunk);
    if (!this.expected) {
      // Unsolicited: a repeated answer or trailing noise.
      this.stats.discardedBytes += chunk.length;
      this.learn(now);
      return;
    }
    this.received = Buffer.concat([this.received, chunk]);
    const verdict = judgeReply(this.received, this.expected);
    if (verdict.state === 'incomplete') return;
    if (verdict.state === 'mismatch') return this.reject(verdict.reason);
    this.frame = Buffer.from(this.received.subarray(0, verdict.length));
    this.frameEndAt = now;
    this.received = this.received.subarray(verdict.length);
    this.hold();
  }

  /** The wire closed. */
  lost(): void {
    this.reset();
    this.emit('close');
  }

  private receiveTrailer(chunk: Buffer): void {
    this.received = Buffer.concat([this.received, chunk]);
    if (this.received.length > MAX_TRAILER_BYTES) return this.reject(`reply followed by more than ${MAX_TRAILER_BYTES} bytes`);
    this.hold();
  }

  /** (Re)starts the quiet wait after a frame. */
  private hold(): void {
    clearTimeout(this.holdTimer);
    // A stalled event loop fires a timer before reading bytes that have already arrived: let one I/O poll pass, and
    // only then judge the silence. A guard of 0 is that poll alone (a timer would cost a whole millisecond).
    const hold = ++this.holdGeneration; // a newer hold or a reset makes this one moot
    const judge = () =>
      setImmediate(() => {
        if (!this.frame || hold !== this.holdGeneration) return;
        if (performance.now() - this.lastByteAt < this.stats.guardMs) return this.hold();
        this.deliver();
      });
    if (this.stats.guardMs > 0) this.holdTimer = setTimeout(judge, this.stats.guardMs);
    else judge();
  }

  /** The line fell quiet after a frame: hand it over unless another, different answer followed it. */
  private deliver(): void {
    const frame = this.frame;
    const expected = this.expected;
    if (!frame || !expected) return;
    let trailer = this.received;
    while (trailer.length >= frame.length && sameBytes(trailer.subarray(0, frame.length), frame)) {
      this.stats.duplicateReplies++;
      trailer = trailer.subarray(frame.length);
    }
    if (trailer.length > 0 && judgeReply(trailer, expected).state !== 'mismatch') {
      return this.reject('two different replies to one request; the first may belong to an earlier request');
    }
    this.stats.discardedBytes += trailer.length;
    this.reset();
    this.lastReplyEndAt = this.frameEndAt;
    this.emit('data', frame);
  }

  private reject(reason: string): void {
    this.learn(this.lastByteAt);
    this.stats.rejectedReplies++;
    this.stats.discardedBytes += this.received.length;
    this.reset();
    this.onReject(reason);
  }

  /**
   * Bytes that are not the awaited reply, arriving at `at` within the longest guard of the last reply's end, show
   * the device keeps talking that long after it answers: the guard grows to outlast that (never beyond its cap).
   */
  private learn(at: number): void {
    if (this.lastReplyEndAt === 0) return;
    const talking = at - this.lastReplyEndAt;
    if (talking > this.maxGuardMs) return;
    this.stats.guardMs = Math.min(this.maxGuardMs, Math.max(this.stats.guardMs, Math.ceil(talking) + this.baseGuardMs));
  }

  private reset(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.holdGeneration++;
    this.expected = undefined;
    this.frame = undefined;
    this.received = Buffer.alloc(0);
  }
}
