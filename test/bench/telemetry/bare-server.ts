/**
 * The baseline: a bare `ws` server doing the same coalesce-and-ack work as the engine's telemetry path with typed
 * arrays and the same frame layout, and nothing else (no contract, no sessions, no site). Clients ack a frame by
 * sending its seq as text.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { allocateTelemetry, Quality } from '../../../shared/contract/telemetry';
import type { BlobHistory } from './blob-history';

/** A running baseline server over `count` signals. */
export interface BareServer {
  url: string;
  /** Writes one value per signal (the generator's tick). */
  update(value: (i: number) => number, sourceTime: number): void;
  close(): Promise<void>;
}

/** Starts the baseline on an ephemeral loopback port; with `history`, it also records every change there. */
export async function startBareServer(count: number, maxHz = 60, history?: BlobHistory): Promise<BareServer> {
  const values = new Float64Array(count);
  const times = new Float64Array(count);
  const clients = new Set<BareClient>();
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    const client = new BareClient(socket, count, values, times, maxHz);
    clients.add(client);
    socket.on('close', () => {
      client.stop();
      clients.delete(client);
    });
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    update(value, sourceTime) {
      for (let i = 0; i < count; i++) {
        values[i] = value(i);
        times[i] = sourceTime;
        for (const client of clients) client.mark(i);
      }
      // A pass of its own, so the plain baseline's loop is exactly what it was.
      if (history) for (let i = 0; i < count; i++) history.push(i, sourceTime, values[i] as number, Quality.good);
    },
    close: () =>
      new Promise((resolve) => {
        for (const client of clients) client.stop();
        server.close(() => resolve(history?.close()));
      }),
  };
}

class BareClient {
  private readonly dirty: Uint8Array;
  private readonly list: Uint32Array;
  private size = 0;
  private dropped = 0;
  private seq = 0;
  private awaiting = false;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly socket: WebSocket,
    count: number,
    private readonly values: Float64Array,
    private readonly times: Float64Array,
    maxHz: number,
  ) {
    this.dirty = new Uint8Array(count);
    this.list = new Uint32Array(count);
    socket.on('message', () => (this.awaiting = false));
    this.timer = setInterval(() => this.flush(), Math.round(1000 / maxHz));
  }

  mark(i: number): void {
    if (this.dirty[i]) this.dropped++;
    else {
      this.dirty[i] = 1;
      this.list[this.size++] = i;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private flush(): void {
    if (this.awaiting || this.size === 0) return;
    const { buffer, columns } = allocateTelemetry(++this.seq, Date.now(), this.dropped, this.size, 0, new Uint8Array(0));
    for (let k = 0; k < this.size; k++) {
      const i = this.list[k] as number;
      columns.ids[k] = i;
      columns.values[k] = this.values[i] as number;
      columns.sourceTimes[k] = this.times[i] as number;
      columns.groups[k] = 0xffff;
      this.dirty[i] = 0;
    }
    this.size = 0;
    this.dropped = 0;
    this.awaiting = true;
    this.socket.send(buffer);
  }
}
