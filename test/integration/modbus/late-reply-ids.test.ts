/**
 * Modbus TCP transaction ids wrap after 256 requests. A reply that comes after its request timed out, once its id is
 * in use again, must not be taken as the answer to the newer request: a device (here, a gateway holding a slow
 * unit's answer) that sends it exactly then would otherwise have its old value shown as fresh. Real sockets on
 * loopback; the device is a minimal MBAP server of the test's own.
 */
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, modbusConnection } from '../../support/modbus-driver-harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An FC3 reply frame: MBAP header with `tid`, then the registers. */
function reply(tid: number, unit: number, registers: number[]): Buffer {
  const frame = Buffer.alloc(9 + registers.length * 2);
  frame.writeUInt16BE(tid, 0);
  frame.writeUInt16BE(0, 2);
  frame.writeUInt16BE(3 + registers.length * 2, 4);
  frame.writeUInt8(unit, 6);
  frame.writeUInt8(3, 7);
  frame.writeUInt8(registers.length * 2, 8);
  registers.forEach((r, i) => frame.writeUInt16BE(r, 9 + i * 2));
  return frame;
}

/**
 * A device whose register reads 1111 until it gets read #`hold`; it holds that reply back, reads 2222 from then on, and
 * sends the held reply the moment a request with the same transaction id arrives again (right before that request's
 * own reply). Returns the transaction ids it saw.
 */
async function holdingDevice(hold: number) {
  const seenIds: number[] = [];
  const sockets = new Set<Socket>();
  let value = 1111;
  let held: { tid: number; frame: Buffer } | undefined;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 12) {
        const length = buffer.readUInt16BE(4);
        if (buffer.length < 6 + length) break;
        const tid = buffer.readUInt16BE(0);
        const unit = buffer.readUInt8(6);
        const count = buffer.readUInt16BE(10);
        buffer = buffer.subarray(6 + length);
        seenIds.push(tid);
        const frame = reply(tid, unit, Array.from({ length: count }, () => value));
        if (seenIds.length === hold) {
          held = { tid, frame };
          value = 2222;
          continue;
        }
        if (held && held.tid === tid) {
          socket.write(held.frame);
          held = undefined;
        }
        socket.write(frame);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port, seenIds, heldId: () => held?.tid };
}

describe('Modbus TCP transaction ids after a timeout', () => {
  it('the id of a request that timed out is not used again while its reply may come: no old value paired with a newer read', async () => {
    const device = await holdingDevice(5);
    const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: device.port, timeoutMs: 100 }));
    await h.driver.connect();
    cleanups.push(() => h.driver.close());
    const results: (number | string)[] = [];
    for (let i = 0; i < 600; i++) {
      results.push(await h.driver.readRaw({ address: 'holding:0' }).then((v) => Number(v[0]?.value), (error: { code?: string }) => String(error.code)));
    }
    expect(results.slice(0, 4)).toEqual([1111, 1111, 1111, 1111]);
    expect(results[4]).toBe('modbus-timeout');
    expect(results.slice(5).filter((r) => r !== 2222)).toEqual([]); // not one 1111 after the held read
    // Over 600 requests every other id came round twice; the held one never did.
    const held = device.heldId();
    expect(held).toBeDefined();
    expect(device.seenIds.filter((id) => id === held)).toHaveLength(1);
  });
});
