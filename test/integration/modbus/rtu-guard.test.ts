/**
 * The RTU pairing guard per connection: the site file's `guardMs` is what the port uses, the defaults are 3 ms over
 * TCP and 3.5 characters (at least 5 ms) on serial, and a device seen answering twice later than the guard makes the
 * guard grow. Real RTU-over-TCP server on loopback.
 */
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fromDriverError } from '../../../main/engine/safety/device-access';
import { rtuGuardMs, RTU_TCP_GUARD_MS } from '../../../main/engine/drivers/modbus/transport-open';
import { FaultServer, type Fault } from '../../support/fault-server';
import { harness, modbusConnection, until } from '../../support/modbus-driver-harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function rig(guardMs: number | undefined, fault?: (index: number) => Fault) {
  const server = new FaultServer({ framing: 'rtu', units: [1], ...(fault ? { fault: (_r, i) => fault(i) } : {}) });
  server.holding.get(1)?.set(Array.from({ length: 100 }, (_, i) => 1000 + i));
  await server.listen(0);
  const h = harness(modbusConnection({ protocol: 'modbus-rtu-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 300, ...(guardMs === undefined ? {} : { guardMs }) }));
  await h.driver.connect();
  cleanups.push(async () => {
    await h.driver.close();
    await server.close();
  });
  return h;
}

describe('RTU guard time', () => {
  it('defaults: 3 ms over TCP; serial never below 3.5 characters, at least 5 ms unless configured', () => {
    expect(rtuGuardMs(modbusConnection({ protocol: 'modbus-rtu-tcp', host: 'h', port: 1 }))).toBe(RTU_TCP_GUARD_MS);
    expect(rtuGuardMs(modbusConnection({ protocol: 'modbus-rtu-tcp', host: 'h', port: 1, guardMs: 4 }))).toBe(4);
    expect(rtuGuardMs(modbusConnection({ protocol: 'modbus-rtu', path: '/dev/x', baudRate: 115200 }))).toBe(5);
    expect(rtuGuardMs(modbusConnection({ protocol: 'modbus-rtu', path: '/dev/x', baudRate: 115200, guardMs: 0 }))).toBe(1); // 3.5 chars at 115200
    expect(rtuGuardMs(modbusConnection({ protocol: 'modbus-rtu', path: '/dev/x', baudRate: 9600 }))).toBe(5);
    expect(rtuGuardMs(modbusConnection({ protocol: 'modbus-rtu', path: '/dev/x', baudRate: 1200, guardMs: 10 }))).toBe(33);
    expect(() => modbusConnection({ protocol: 'modbus-rtu-tcp', host: 'h', port: 1, guardMs: 51 })).toThrow();
  });

  it('uses the configured guard, and right values come back at every guard', async () => {
    for (const guardMs of [0, 1, 7]) {
      const h = await rig(guardMs);
      expect(h.driver.stats().rtu?.guardMs).toBe(guardMs);
      for (let i = 0; i < 50; i++) expect((await h.driver.readRaw({ address: `holding:${i}` }))[0]?.value).toBe(1000 + i);
    }
  });

  it('grows the guard past a device that repeats its answers later than the guard', async () => {
    const h = await rig(1, (i) => (i % 2 === 0 ? { twiceAfterMs: 6 } : 'ok'));
    for (let i = 0; i < 20; i++) await h.driver.readRaw({ address: `holding:${i}` }).catch(() => undefined);
    expect(h.driver.stats().rtu?.guardMs).toBeGreaterThanOrEqual(6);
  });

  it('a line that never goes quiet fails a request within its timeout, unsent, instead of holding every lane behind it', async () => {
    // A line with a stray byte every 2 ms (noise, a second master): never quiet for the 20 ms guard.
    const received: Buffer[] = [];
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', (chunk) => received.push(chunk));
      socket.on('error', () => undefined);
      const chatter = setInterval(() => socket.write(Buffer.from([0x55])), 2);
      socket.on('close', () => {
        clearInterval(chatter);
        sockets.delete(socket);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const h = harness(modbusConnection({ protocol: 'modbus-rtu-tcp', host: '127.0.0.1', port, timeoutMs: 300, guardMs: 20 }));
    await h.driver.connect();
    cleanups.push(async () => {
      await h.driver.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    });
    await until(() => (h.driver.stats().rtu?.discardedBytes ?? 0) >= 10, 5000, 'the chatter arriving');
    const started = performance.now();
    const stop = await h.driver.UNSAFE_writeRegisters(1, 'holding:10', [1], 'stop').then(
      () => 'written',
      (error: unknown) => error,
    );
    expect(stop).toMatchObject({ kind: 'link-lost', code: 'modbus-line-busy' });
    // The command path hears it as a passing failure: the stop and a jog's zero are written again (stop-attempts).
    expect(fromDriverError(stop)).toMatchObject({ kind: 'not-connected', transient: true });
    expect(performance.now() - started).toBeLessThan(3000); // bounded by the 300 ms timeout (generous for a busy machine)
    expect(Buffer.concat(received).length).toBe(0); // never sent: the outcome may say so
  });
});
