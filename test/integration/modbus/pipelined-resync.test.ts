/**
 * Several scan reads in flight on Modbus TCP when the stream breaks: a device (a real socket on loopback) that once
 * answers one read with a header claiming 65,535 bytes, so the client's framing waits for bytes that never come and
 * the reply of the read sent after it is stuck behind them. The broken read times out and the link reconnects; the
 * read stuck beside it must fail then too (modbus-serial never settles a request whose socket it destroyed), or its
 * scan slot and its cycle would hang for good. A stop arriving during the reconnect waits for the new socket.
 * Scanning then goes on with exact values.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { bindings, harness, modbusConnection, until } from '../../support/modbus-driver-harness';

let device: Server;
const sockets = new Set<Socket>();
let broken = 0;
let breakNext = false;
/** Values written with FC6, by register. */
const written = new Map<number, number>();

/** Holding register i holds 1000 + i (FC3). */
function reply(frame: Buffer): Buffer {
  const address = frame.readUInt16BE(8);
  const count = frame.readUInt16BE(10);
  const data = Buffer.alloc(2 * count);
  for (let i = 0; i < count; i++) data.writeUInt16BE(1000 + address + i, 2 * i);
  const out = Buffer.alloc(9 + data.length);
  frame.copy(out, 0, 0, 4);
  out.writeUInt16BE(3 + data.length, 4);
  out[6] = frame[6] ?? 1;
  out[7] = 3;
  out[8] = data.length;
  data.copy(out, 9);
  return out;
}

beforeAll(async () => {
  device = createServer((socket) => {
    sockets.add(socket);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 12) {
        const frame = buffer.subarray(0, 12);
        buffer = buffer.subarray(12);
        if (frame[7] === 6) {
          written.set(frame.readUInt16BE(8), frame.readUInt16BE(10));
          socket.write(Buffer.from(frame)); // FC6 answers with the request itself
          continue;
        }
        if (breakNext && frame.readUInt16BE(8) === 100) {
          breakNext = false;
          broken++;
          // A header claiming the longest length, and 3 bytes of it: the client waits for the rest.
          socket.write(Buffer.from([frame[0] ?? 0, frame[1] ?? 0, 0, 0, 0xff, 0xff, frame[6] ?? 1, 3, 2]));
          continue;
        }
        socket.write(reply(frame));
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => device.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => device.close(resolve));
});

describe('pipelined scan reads when the stream breaks', () => {
  it('fails the read stuck beside the broken one, reconnects, and scans on with exact values', async () => {
    const port = (device.address() as { port: number }).port;
    // Three blocks far apart (three reads a cycle), all in flight at once with maxInFlight 4.
    const tags = { a: { address: 'holding:0', type: 'uint16', scanClass: 'fast' }, b: { address: 'holding:100', type: 'uint16', scanClass: 'fast' }, c: { address: 'holding:200', type: 'uint16', scanClass: 'fast' } } as const;
    const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port, timeoutMs: 300, maxInFlight: 4 }), bindings(tags), { fast: 50 });
    try {
      await h.driver.connect();
      await h.driver.start();
      const cycles = () => h.driver.scanner.stats.get('fast')?.cycles ?? 0;
      await until(() => cycles() >= 3, 5000, 'three scan cycles');
      // A stop's retry that arrives while the link reconnects waits for the new socket and goes out on it, instead of
      // failing as if the link were down. Any other write queued meanwhile was checked on the old socket: it fails
      // unsent, to be sent again if still wanted (transport.ts: never carried over to a new connection).
      const transport = (h.driver as unknown as { transport: { openClient(): Promise<unknown> } }).transport;
      const openClient = transport.openClient.bind(transport);
      let duringReconnect: Promise<void> | undefined;
      let controlDuringReconnect: Promise<unknown> | undefined;
      transport.openClient = () => {
        duringReconnect ??= h.driver.UNSAFE_writeRaw({ address: 'holding:300', value: 42 }, 'stop');
        controlDuringReconnect ??= h.driver.UNSAFE_writeRaw({ address: 'holding:301', value: 43 }, 'control').then(() => 'sent', (error: unknown) => error);
        return openClient();
      };
      breakNext = true;
      await until(() => broken === 1, 5000, 'the broken reply');
      const afterBreak = cycles();
      await until(() => h.driver.stats().resyncs >= 1 && duringReconnect !== undefined, 5000, 'a reconnect');
      await expect(duringReconnect).resolves.toBeUndefined();
      expect(written.get(300)).toBe(42);
      expect(await controlDuringReconnect).toMatchObject({ kind: 'not-connected', code: 'modbus-link-reset' });
      expect(written.has(301)).toBe(false);
      // The cycle that held the stuck read ended, and the scan goes on: ten more cycles.
      await until(() => cycles() >= afterBreak + 10, 10_000, 'ten scan cycles after the reconnect');
      const latest = h.latest();
      expect([0, 1, 2].map((id) => latest.get(id)?.value)).toEqual([1000, 1100, 1200]);
      expect([0, 1, 2].map((id) => latest.get(id)?.quality)).toEqual([Quality.good, Quality.good, Quality.good]);
      expect(h.log.entries.filter((e) => e.level === 'error')).toEqual([]);
      // Three scan reads at once, and the write beside them once it goes out; never more than the four slots.
      expect(h.driver.stats().maxInFlightSeen).toBeGreaterThanOrEqual(3);
      expect(h.driver.stats().maxInFlightSeen).toBeLessThanOrEqual(4);
      // One timeout: the broken read's. The read whose reply died with the old socket says nothing about the unit.
      expect(h.driver.stats()).toMatchObject({ timeouts: 1, resyncs: 1 });
      expect(h.driver.health.isDead(1)).toBe(false);
      expect(h.lost).toEqual([]);
    } finally {
      await h.driver.close();
    }
  });
});
