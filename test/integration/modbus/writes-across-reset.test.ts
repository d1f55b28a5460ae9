/**
 * A write waiting in the link queue when the link is reconnected (the write ahead of it got a garbled answer, so
 * the stream is out of step) was checked on the old connection: it must fail unsent, never go out on the new one
 * ("no command queued across a disconnect"). A stop waiting beside it still goes out on the new socket. The device
 * is a real socket on loopback that applies every FC6 write and garbles the echo of the one at register 100.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, modbusConnection } from '../../support/modbus-driver-harness';

let device: Server;
const sockets = new Set<Socket>();
/** FC6 writes in the order the device applied them: [register, value]. */
const applied: [number, number][] = [];
let connections = 0;

beforeAll(async () => {
  device = createServer((socket) => {
    sockets.add(socket);
    connections++;
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 12) {
        const frame = Buffer.from(buffer.subarray(0, 12));
        buffer = buffer.subarray(12);
        if (frame[7] !== 6) continue; // only writes in this test
        const register = frame.readUInt16BE(8);
        applied.push([register, frame.readUInt16BE(10)]);
        // The device acted; its echo comes back with the value's last byte changed. Late, so the writes behind it
        // are surely queued by then.
        if (register === 100) setTimeout(() => socket.write(Buffer.from([...frame.subarray(0, 11), (frame[11] ?? 0) ^ 1])), 50);
        else socket.write(frame);
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

/** A promise's outcome, caught at once (a rejection is the value under test). */
const outcome = (work: Promise<unknown>): Promise<unknown> => work.then(() => 'sent', (error: unknown) => error);

describe('writes queued when the link is reconnected', () => {
  it('fail unsent, while a stop queued beside them goes out on the new socket', async () => {
    const port = (device.address() as { port: number }).port;
    const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port, timeoutMs: 1000, allowBroadcast: true }));
    try {
      await h.driver.connect();
      const garbled = outcome(h.driver.UNSAFE_writeRaw({ address: 'holding:100', value: 1 }, 'control'));
      const command = outcome(h.driver.UNSAFE_writeRaw({ address: 'holding:101', value: 2 }, 'control'));
      const maintenance = outcome(h.driver.UNSAFE_writeRaw({ address: 'holding:102', value: 3 }));
      const stop = outcome(h.driver.UNSAFE_writeRaw({ address: 'holding:103', value: 0 }, 'stop'));
      const broadcast = outcome(h.driver.UNSAFE_writeRaw({ unitId: 0, address: 'holding:104', value: 4 }, 'control')); // no reply comes: still checked

      expect(await garbled).toMatchObject({ kind: 'bad-response', code: 'modbus-echo-mismatch' });
      expect(await command).toMatchObject({ kind: 'not-connected', code: 'modbus-link-reset', details: { transient: true } });
      expect(await maintenance).toMatchObject({ kind: 'not-connected', code: 'modbus-link-reset' });
      expect(await stop).toBe('sent');
      expect(await broadcast).toMatchObject({ kind: 'not-connected', code: 'modbus-link-reset' });
      expect(h.driver.stats().resyncs).toBe(1);
      expect(connections).toBe(2);
      expect(applied).toEqual([
        [100, 1],
        [103, 0],
      ]);

      // A write made once the new socket is up goes out as usual.
      expect(await outcome(h.driver.UNSAFE_writeRaw({ address: 'holding:101', value: 2 }, 'control'))).toBe('sent');
      expect(applied.at(-1)).toEqual([101, 2]);
      expect(h.lost).toEqual([]);
    } finally {
      await h.driver.close();
    }
  });
});
