/**
 * Engine end of the WebSocket carrier: one accepted `ws` socket as a Carrier. A client that does not read its
 * socket would make every reply and event pile up in the engine's memory, so the buffered amount is watched:
 * over the cap the engine stops reading that client's requests; over it for longer than the grace period, or over
 * the hard cap at any time, the client is dropped with a reason (logged once).
 */
import type { WebSocket } from 'ws';
import { CarrierListeners, type Carrier } from '../../../shared/contract/carriers/carrier';
import type { Logger } from '../drivers/driver';

/** Limits on what a client may leave unread. */
export interface SlowReaderPolicy {
  /** Bytes buffered for the client above which it counts as not reading. */
  maxBufferedBytes: number;
  /** How long it may stay above that before it is dropped. */
  graceMs: number;
  /** Bytes buffered at which it is dropped at once. */
  hardLimitBytes: number;
}

/** 8 MiB for 5 s, or 32 MiB at once. */
export const DEFAULT_SLOW_READER: SlowReaderPolicy = { maxBufferedBytes: 8 * 1024 * 1024, graceMs: 5000, hardLimitBytes: 32 * 1024 * 1024 };

/** Who is on the other end, for the log line. */
export interface WebSocketCarrierOptions {
  label?: string;
  log?: Logger;
  slowReader?: SlowReaderPolicy;
}

/** How often a backed-up socket is checked again while it stays over the cap. */
const RECHECK_MS = 250;

/** Wraps an accepted socket; text frames arrive as strings, binary as ArrayBuffers, as on every carrier. */
export function websocketServerCarrier(socket: WebSocket, options: WebSocketCarrierOptions = {}): Carrier {
  const listeners = new CarrierListeners();
  const policy = options.slowReader ?? DEFAULT_SLOW_READER;
  let overSince: number | undefined;
  let recheck: ReturnType<typeof setInterval> | undefined;
  socket.binaryType = 'arraybuffer';

  const stopWatching = () => {
    if (recheck !== undefined) clearInterval(recheck);
    recheck = undefined;
    overSince = undefined;
  };
  /** Set when this end closes it: only an end the engine did not choose is logged on close. */
  let endedHere = false;
  /** Pings in the current second: `ws` cuts a client with 60 pongs pending, without a word (see onClose below). */
  let pings = 0;
  let pingSecond = 0;
  const drop = (reason: string) => {
    endedHere = true;
    stopWatching();
    options.log?.warn('carrier.slow-client', `${options.label ?? 'client'} dropped: ${reason}`, { bufferedBytes: socket.bufferedAmount });
    // A close frame would queue behind the unread bytes and never arrive: cut the connection, report the reason here.
    listeners.emitClose(reason);
    socket.terminate();
  };
  /** Called after every send and on the recheck timer. */
  const watch = () => {
    if (socket.readyState !== socket.OPEN) return stopWatching();
    const buffered = socket.bufferedAmount;
    if (buffered >= policy.hardLimitBytes) return drop(`it left ${mib(buffered)} MiB unread (limit ${mib(policy.hardLimitBytes)} MiB)`);
    if (buffered < policy.maxBufferedBytes) {
      if (overSince !== undefined) socket.resume();
      return stopWatching();
    }
    if (overSince === undefined) {
      overSince = Date.now();
      socket.pause(); // read no more requests from a client that does not read its replies
      recheck = setInterval(watch, RECHECK_MS);
      recheck.unref?.();
    } else if (Date.now() - overSince >= policy.graceMs) {
      drop(`it did not read its socket for ${((Date.now() - overSince) / 1000).toFixed(1)} s (${mib(buffered)} MiB unread)`);
    }
  };

  socket.on('message', (data, isBinary) => {
    if (isBinary) listeners.emitFrame(data);
    else listeners.emitFrame(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'));
  });
  socket.on('ping', () => {
    const second = Math.floor(performance.now() / 1000);
    if (second !== pingSecond) [pingSecond, pings] = [second, 0];
    pings++;
  });
  socket.on('close', (code, reason) => {
    stopWatching();
    const text = reason.toString();
    // A normal close (1000/1001/1005: a page closed or reloaded) says nothing; otherwise the log says why it went.
    if (!endedHere && code !== 1000 && code !== 1001 && code !== 1005) {
      const flood = pings > 30 ? `; ${pings} pings in its last second: cut by the WebSocket library as a ping flood` : '';
      options.log?.warn('carrier.closed', `${options.label ?? 'client'} connection ended abnormally (code ${code}${text ? `: ${text}` : ''}${flood})`);
    }
    listeners.emitClose(text || `socket closed (${code})`);
  });
  socket.on('error', (error) => {
    // A protocol error (an over-long or malformed frame): `ws` closes the connection after this (code 1002/1009).
    endedHere = true;
    options.log?.warn('carrier.protocol-error', `${options.label ?? 'client'} closed: ${error.message}`);
    listeners.emitClose('socket error');
  });
  return {
    send(frame) {
      if (socket.readyState !== socket.OPEN) return;
      socket.send(frame, { binary: typeof frame !== 'string' });
      watch();
    },
    onFrame: (listener) => listeners.onFrame(listener),
    onClose: (listener) => listeners.onClose(listener),
    close(reason = 'closed') {
      endedHere = true;
      stopWatching();
      socket.close(1000, reason.slice(0, 120));
    },
    get isOpen() {
      return socket.readyState === socket.OPEN && !listeners.isClosed;
    },
  };
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
