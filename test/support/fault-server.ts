/**
 * A small Modbus device on a raw `net` server, written for fault injection: RTU frames over TCP (as a serial
 * gateway passes them) or MBAP (Modbus TCP). Serves FC3/4/6/16 on a 64 Ki register image per unit and FC1/5/15
 * on a 64 Ki coil image; FC22 answers exception 1 (like many real devices). Each request can be answered normally, late, with garbage,
 * truncated, with an exception, twice, by hanging up, split into pieces with gaps, followed by trailing bytes, with a forged
 * unit id or rewritten PDU (valid CRC), or not at all. It counts what it receives, so tests can prove a request
 * was refused before it was sent.
 */
import { createServer, type Server, type Socket } from 'node:net';

/** How to answer one request. */
export type Fault =
  | 'ok'
  | 'silent'
  /** The device closes the connection on this request, unanswered (a gateway restarting, a device's own watchdog). */
  | 'hang-up'
  | 'garbage'
  | 'truncated'
  /** The same reply twice (a gateway that repeats answers): back to back, or the copy `afterMs` later. */
  | 'twice'
  | { twiceAfterMs: number }
  /** The reply in three pieces, `gapMs` apart. */
  | { splitGapMs: number }
  /** The reply, then bytes that are no frame (in the same segment, and again `afterMs` later). */
  | { trailingAfterMs: number }
  | { delayMs: number }
  /** The reply held back until `heldUntil` settles: an exchange stalled for as long as the test needs, not a guessed time. */
  | { heldUntil: Promise<unknown> }
  /** An exception reply, `delayMs` late (a gateway whose device behind it does not answer: exception 11). */
  | { exception: number; delayMs?: number }
  /** A well-formed reply (valid CRC) from another unit id and/or with a rewritten PDU. */
  | { forge: { unitId?: number; pdu?: (pdu: Buffer) => Buffer } };

/** The bytes a `trailingAfterMs` reply is followed by: they start with no plausible unit id or function code. */
export const TRAILING_BYTES = Buffer.from([0xfe, 0x00, 0xff, 0x55, 0xaa, 0x13]);

/** A parsed request as the device saw it. */
export interface SeenRequest {
  unitId: number;
  fc: number;
  address: number;
  count: number;
}

/** Framing, units on the line and the fault script. */
export interface FaultServerOptions {
  framing: 'rtu' | 'mbap';
  /** Unit ids that answer; others stay silent (a dead device on a shared line). */
  units?: number[];
  /** Decides the answer to each request (default: all ok). */
  fault?: (request: SeenRequest, index: number) => Fault;
}

/** CRC-16/MODBUS, written here independently of modbus-serial's. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** The device end of a serial line: whatever carries bytes both ways (node:serialport's SerialPort does). */
export interface Line {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: () => void): unknown;
  write(bytes: Buffer): unknown;
  readonly destroyed?: boolean;
}

/** The running server. */
export class FaultServer {
  readonly holding = new Map<number, Uint16Array>();
  /** Coils per unit, one byte each (0 or 1). */
  readonly coils = new Map<number, Uint8Array>();
  readonly seen: SeenRequest[] = [];
  /** Requests received but not yet answered, and the most there ever were at once (a master must keep this at 1). */
  outstanding = 0;
  maxOutstanding = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  port = 0;

  constructor(readonly options: FaultServerOptions) {
    for (const unit of options.units ?? [1]) {
      this.holding.set(unit, new Uint16Array(65536));
      this.coils.set(unit, new Uint8Array(65536));
    }
  }

  /** Listens on 127.0.0.1 (`port` 0 = ephemeral; pass the old port to restart in place). */
  async listen(port = this.port): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this.port;
  }

  /** Kills the device: closes every connection at once and stops listening. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Serves one byte stream: a TCP connection, or the device end of a serial line (a SerialPort on a PTY). */
  accept(socket: Socket | Line): void {
    if ('setNoDelay' in socket) {
      socket.setNoDelay(true); // pieces of a split reply leave as separate segments
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    }
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const frame = this.options.framing === 'rtu' ? takeRtu(buffer) : takeMbap(buffer);
        if (!frame) break;
        buffer = buffer.subarray(frame.used);
        this.handle(socket, frame.pdu, frame.unitId, frame.tid);
      }
    });
  }

  private handle(socket: Socket | Line, pdu: Buffer, unitId: number, tid: number): void {
    const fc = pdu[0] ?? 0;
    const address = pdu.readUInt16BE(1);
    const count = fc === 5 || fc === 6 || fc === 22 ? 1 : pdu.readUInt16BE(3);
    const request = { unitId, fc, address, count };
    const index = this.seen.push(request) - 1;
    const image = this.holding.get(unitId);
    if (!image) return; // no such unit on the line: silence
    const fault = this.options.fault?.(request, index) ?? 'ok';
    if (fault === 'silent') return;
    if (fault === 'hang-up') return void (socket as Partial<Socket>).destroy?.();
    let reply = typeof fault === 'object' && 'exception' in fault ? Buffer.from([fc | 0x80, fault.exception]) : answer(image, this.coils.get(unitId) as Uint8Array, pdu);
    const forged = typeof fault === 'object' && 'forge' in fault ? fault.forge : undefined;
    if (forged?.pdu) reply = forged.pdu(reply);
    let bytes = this.frame(reply, forged?.unitId ?? unitId, tid);
    if (fault === 'garbage') bytes = Buffer.from(bytes.map((b, i) => (i < (this.options.framing === 'rtu' ? 2 : 8) ? b : b ^ 0x5a)));
    if (fault === 'truncated') bytes = bytes.subarray(0, Math.ceil(bytes.length / 2));
    if (fault === 'twice') return void this.writeInOrder(socket, [0, 0], [bytes, bytes], 1);
    if (typeof fault === 'object' && 'twiceAfterMs' in fault) return void this.writeInOrder(socket, [0, fault.twiceAfterMs], [bytes, bytes], 1);
    if (typeof fault === 'object' && 'splitGapMs' in fault) {
      const third = Math.ceil(bytes.length / 3);
      const gap = fault.splitGapMs;
      return void this.writeInOrder(socket, [0, gap, gap], [bytes.subarray(0, third), bytes.subarray(third, 2 * third), bytes.subarray(2 * third)]);
    }
    if (typeof fault === 'object' && 'heldUntil' in fault) {
      this.outstanding++;
      this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding);
      const send = () => {
        this.outstanding--;
        if (!socket.destroyed) socket.write(bytes);
      };
      return void fault.heldUntil.then(send, send);
    }
    if (typeof fault === 'object' && 'trailingAfterMs' in fault) {
      return void this.writeInOrder(socket, [0, fault.trailingAfterMs], [Buffer.concat([bytes, TRAILING_BYTES]), TRAILING_BYTES], 1);
    }
    this.writeInOrder(socket, [typeof fault === 'object' && 'delayMs' in fault ? (fault.delayMs ?? 0) : 0], [bytes]);
  }

  /**
   * Writes the pieces in order, piece i `gaps[i]` ms after the one before it (0 = at once). Chained, because Node
   * may fire timers of different durations out of order. The request counts as outstanding until its reply
   * (the first `replyPieces` pieces) is out.
   */
  private writeInOrder(socket: Socket | Line, gaps: number[], pieces: Buffer[], replyPieces = pieces.length): void {
    let counted = false;
    const next = (i: number): void => {
      if (i >= pieces.length || socket.destroyed) return settle();
      if (i >= replyPieces) settle();
      const gap = gaps[i] ?? 0;
      if (gap === 0) {
        socket.write(pieces[i] as Buffer);
        return next(i + 1);
      }
      if (!counted && i < replyPieces) {
        counted = true;
        this.outstanding++;
        this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding);
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!socket.destroyed) socket.write(pieces[i] as Buffer);
        next(i + 1);
      }, gap);
      this.timers.add(timer);
    };
    const settle = (): void => {
      if (counted) this.outstanding--;
      counted = false;
    };
    next(0);
  }

  private frame(pdu: Buffer, unitId: number, tid: number): Buffer {
    if (this.options.framing === 'mbap') {
      const header = Buffer.alloc(7);
      header.writeUInt16BE(tid, 0);
      header.writeUInt16BE(0, 2);
      header.writeUInt16BE(pdu.length + 1, 4);
      header.writeUInt8(unitId, 6);
      return Buffer.concat([header, pdu]);
    }
    const body = Buffer.concat([Buffer.from([unitId]), pdu]);
    const crc = Buffer.alloc(2);
    crc.writeUInt16LE(crc16(body));
    return Buffer.concat([body, crc]);
  }
}

function answer(image: Uint16Array, coils: Uint8Array, pdu: Buffer): Buffer {
  const fc = pdu[0] ?? 0;
  const address = pdu.readUInt16BE(1);
  const count = pdu.readUInt16BE(3);
  if (fc === 1 || fc === 5 || fc === 15) return answerCoils(coils, pdu, fc, address, count);
  if (fc === 3 || fc === 4) {
    if (address + count > 65536) return Buffer.from([fc | 0x80, 2]);
    const out = Buffer.alloc(2 + count * 2);
    out[0] = fc;
    out[1] = count * 2;
    for (let i = 0; i < count; i++) out.writeUInt16BE(image[address + i] ?? 0, 2 + 2 * i);
    return out;
  }
  if (fc === 6) {
    image[address] = count;
    return Buffer.from(pdu.subarray(0, 5));
  }
  if (fc === 16) {
    for (let i = 0; i < count; i++) image[address + i] = pdu.readUInt16BE(6 + 2 * i);
    return Buffer.from(pdu.subarray(0, 5));
  }
  return Buffer.from([fc | 0x80, 1]);
}

/** FC1 (read coils), FC5 (write one: 0xFF00 on, 0x0000 off, anything else exception 3), FC15 (write several). */
function answerCoils(coils: Uint8Array, pdu: Buffer, fc: number, address: number, count: number): Buffer {
  if (fc === 5) {
    if (count !== 0xff00 && count !== 0) return Buffer.from([fc | 0x80, 3]);
    coils[address] = count === 0 ? 0 : 1;
    return Buffer.from(pdu.subarray(0, 5));
  }
  if (address + count > 65536) return Buffer.from([fc | 0x80, 2]);
  if (fc === 15) {
    for (let i = 0; i < count; i++) coils[address + i] = ((pdu[6 + (i >> 3)] ?? 0) >> (i & 7)) & 1;
    return Buffer.from(pdu.subarray(0, 5));
  }
  const out = Buffer.alloc(2 + Math.ceil(count / 8));
  out[0] = fc;
  out[1] = out.length - 2;
  for (let i = 0; i < count; i++) if (coils[address + i]) out[2 + (i >> 3)] = (out[2 + (i >> 3)] ?? 0) | (1 << (i & 7));
  return out;
}

/** Request PDU length after unit id, from the function code (the fixed-size requests a master sends). */
function pduLength(buffer: Buffer, at: number): number | undefined {
  const fc = buffer[at];
  if (fc === undefined) return undefined;
  if (fc === 15 || fc === 16) {
    const bytes = buffer[at + 5];
    return bytes === undefined ? undefined : 6 + bytes;
  }
  return fc === 22 ? 7 : 5;
}

function takeRtu(buffer: Buffer): { pdu: Buffer; unitId: number; tid: number; used: number } | undefined {
  const length = pduLength(buffer, 1);
  if (length === undefined || buffer.length < 1 + length + 2) return undefined;
  return { unitId: buffer[0] ?? 0, pdu: buffer.subarray(1, 1 + length), tid: 0, used: 1 + length + 2 };
}

function takeMbap(buffer: Buffer): { pdu: Buffer; unitId: number; tid: number; used: number } | undefined {
  if (buffer.length < 7) return undefined;
  const length = buffer.readUInt16BE(4);
  if (buffer.length < 6 + length) return undefined;
  return { tid: buffer.readUInt16BE(0), unitId: buffer[6] ?? 0, pdu: buffer.subarray(7, 6 + length), used: 6 + length };
}
