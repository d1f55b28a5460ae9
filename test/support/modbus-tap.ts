/**
 * A recording TCP relay for Modbus TCP: forwards requests (whole frames) and replies unchanged and records every
 * request the client sends (function code, address, written registers or coil value) in the order it went on the
 * wire; on request it loses one chosen request on the way, like a frame lost on a noisy line, or garbles the reply
 * to one (the device acted on it, the answer is unreadable). Tests use it
 * to check what reached the device, and in which order, without touching the engine or the simulator.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** One request as the client sent it. */
export interface TappedRequest {
  fc: number;
  address: number;
  /** FC16: the registers written (FC6: the one register). */
  registers?: number[];
  /** FC5: the coil value written. */
  coil?: boolean;
  /** Not passed on to the device (`dropNext`). */
  dropped?: boolean;
}

/** A running tap. */
export interface ModbusTap {
  port: number;
  requests: TappedRequest[];
  /** Loses the next request that `matches` on its way to the device (it is still recorded, marked `dropped`). */
  dropNext(matches: (r: TappedRequest) => boolean): void;
  /**
   * Passes the next write that `matches` to the device (which acts on it) and garbles its reply: the echo's last byte
   * changed, so it no longer matches the request (a write's reply, not a read's: a read's data would still parse).
   */
  garbleReplyTo(matches: (r: TappedRequest) => boolean): void;
  close(): Promise<void>;
}

/** Splits complete MBAP frames off the front of `buffer` into `out`; returns what is left. */
function splitFrames(buffer: Buffer, out: Buffer[]): Buffer {
  let rest = buffer;
  while (rest.length >= 8 && rest.length >= 6 + rest.readUInt16BE(4)) {
    out.push(rest.subarray(0, 6 + rest.readUInt16BE(4)));
    rest = rest.subarray(6 + rest.readUInt16BE(4));
  }
  return rest;
}

/** A write's reply with the last byte of its echo changed. */
function garbled(frame: Buffer): Buffer {
  const out = Buffer.from(frame);
  out[out.length - 1] = (out[out.length - 1] ?? 0) ^ 0x01;
  return out;
}

/** Parses complete MBAP frames off the front of `buffer` (each with its bytes); returns what is left. */
function parseRequests(buffer: Buffer, out: { request: TappedRequest; bytes: Buffer }[]): Buffer {
  let rest = buffer;
  while (rest.length >= 8) {
    const length = rest.readUInt16BE(4); // unit id + PDU
    if (rest.length < 6 + length) break;
    const bytes = rest.subarray(0, 6 + length);
    const pdu = rest.subarray(7, 6 + length);
    const fc = pdu[0] ?? 0;
    const address = pdu.length >= 3 ? pdu.readUInt16BE(1) : -1;
    const request: TappedRequest = { fc, address };
    if (fc === 16 && pdu.length >= 6) {
      const count = pdu.readUInt16BE(3);
      request.registers = Array.from({ length: count }, (_, i) => pdu.readUInt16BE(6 + 2 * i));
    }
    if (fc === 5 && pdu.length >= 5) request.coil = pdu.readUInt16BE(3) === 0xff00;
    if (fc === 6 && pdu.length >= 5) request.registers = [pdu.readUInt16BE(3)];
    out.push({ request, bytes });
    rest = rest.subarray(6 + length);
  }
  return rest;
}

/** Starts a tap on an ephemeral loopback port in front of `upstreamPort`. */
export async function startModbusTap(upstreamPort: number): Promise<ModbusTap> {
  const requests: TappedRequest[] = [];
  const sockets = new Set<Socket>();
  let dropOnce: ((r: TappedRequest) => boolean) | undefined;
  let garbleOnce: ((r: TappedRequest) => boolean) | undefined;
  /** Transaction ids whose replies are to be garbled. */
  const garbleIds = new Set<number>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      const frames: { request: TappedRequest; bytes: Buffer }[] = [];
      pending = parseRequests(Buffer.concat([pending, chunk]), frames);
      // Whole frames only: a frame is forwarded, or (once, when asked) lost on the way like a frame on a noisy line.
      for (const { request, bytes } of frames) {
        requests.push(request);
        if (dropOnce?.(request)) {
          dropOnce = undefined;
          request.dropped = true;
        } else {
          if (garbleOnce?.(request)) {
            garbleOnce = undefined;
            garbleIds.add(bytes.readUInt16BE(0));
          }
          upstream.write(bytes);
        }
      }
    });
    let replies: Buffer = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      const frames: Buffer[] = [];
      replies = splitFrames(Buffer.concat([replies, chunk]), frames);
      for (const frame of frames) client.write(garbleIds.delete(frame.readUInt16BE(0)) ? garbled(frame) : frame);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    requests,
    dropNext: (matches) => void (dropOnce = matches),
    garbleReplyTo: (matches) => void (garbleOnce = matches),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
