/**
 * Modbus TCP transaction ids of requests that timed out, kept out of use for a while. modbus-serial numbers requests
 * 0..255 and pairs a reply with whatever request holds its id now, so a reply that comes after its request timed out
 * and after 255 more requests (a gateway holding a slow unit's answer while others answer at once: 256 requests take
 * a quarter of a second on a LAN) would be taken as the answer to a newer request, and with the same unit, function
 * and length, its old value shown as fresh. Skipping those ids until the late reply can no longer come keeps the
 * pairing right without reconnecting after every timeout.
 */
import type ModbusRTU from 'modbus-serial';

/** How long an id stays out of use after its request timed out. */
export const LATE_REPLY_HOLD_MS = 60_000;
/** At most this many ids held at once (of 256; up to 16 more are in flight): the oldest is released first. */
export const MAX_HELD_IDS = 128;
const ID_SPACE = 256;

interface TcpPortIds {
  _port?: { _transactionIdWrite?: unknown };
}

/** The id modbus-serial gives the next request on this client, if it says. */
export function nextTransactionId(client: ModbusRTU): number | undefined {
  const id = (client as unknown as TcpPortIds)._port?._transactionIdWrite;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < ID_SPACE ? id : undefined;
}

/** The ids held back on one socket (a new socket starts with none: no late reply can reach it). */
export class LateReplyIds {
  /** id → when it may be used again; insertion order is age order. */
  private readonly heldUntil = new Map<number, number>();

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.heldUntil.size;
  }

  /** Holds `id` back: its request timed out, and its reply may still come. */
  hold(id: number): void {
    this.heldUntil.delete(id);
    this.heldUntil.set(id, this.now() + LATE_REPLY_HOLD_MS);
    for (const oldest of this.heldUntil.keys()) {
      if (this.heldUntil.size <= MAX_HELD_IDS) break;
      this.heldUntil.delete(oldest);
    }
  }

  /** Moves the client's next id past the ids held back (call right before sending). */
  skipHeld(client: ModbusRTU): void {
    if (this.heldUntil.size === 0) return;
    const now = this.now();
    for (const [id, until] of this.heldUntil) {
      if (until > now) break;
      this.heldUntil.delete(id);
    }
    const port = (client as unknown as TcpPortIds)._port;
    let id = nextTransactionId(client);
    if (id === undefined || !port) return;
    for (let tries = 0; tries < ID_SPACE && this.heldUntil.has(id); tries++) id = (id + 1) % ID_SPACE;
    port._transactionIdWrite = id;
  }

  clear(): void {
    this.heldUntil.clear();
  }
}
