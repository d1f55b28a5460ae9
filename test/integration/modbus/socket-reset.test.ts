/**
 * A peer that resets the socket (a proxy refusing during an outage, a gateway dropping us): the Modbus driver must
 * report the link lost by itself — at once, with no request in flight — instead of staying "connected" until a
 * later request or the link monitor notices. Real sockets on loopback; the peer resets with RST (resetAndDestroy).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkProxy } from '../../../main/sim/link-lab';
import { harness, modbusConnection, until } from '../../support/modbus-driver-harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A TCP peer that hands every accepted socket to `onSocket` (which may reset it). */
async function peer(onSocket: (socket: Socket) => void): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    sockets.push(socket);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0, sockets };
}

describe.each(['modbus-tcp', 'modbus-rtu-tcp'] as const)('%s', (protocol) => {
  it('a socket reset right after it was accepted is reported as a lost link, with no request needed', async () => {
    const device = await peer((socket) => setImmediate(() => socket.resetAndDestroy()));
    const h = harness(modbusConnection({ protocol, host: '127.0.0.1', port: device.port, timeoutMs: 300 }));
    cleanups.push(() => h.driver.close());
    // The reset may already have arrived by the time connect resolves, or just after: either way it must be seen.
    await h.driver.connect().catch(() => undefined);
    await until(() => h.lost.length > 0 || device.sockets.length > 0, 2000, 'the peer accepted');
    const connectedFirst = h.lost.length === 0;
    if (connectedFirst) await until(() => h.lost.length > 0, 2000, 'the driver reported the reset');
    expect(h.lost).toHaveLength(1);
    expect(h.lost[0]).toMatchObject({ kind: 'link-lost' });
  });

  it('the link lab in an outage (it resets every socket it accepts): each connect attempt ends as a lost link at once', async () => {
    const device = await peer(() => undefined);
    const proxy = await LinkProxy.start({ upstreamHost: '127.0.0.1', upstreamPort: device.port, profile: 'outage-30s' });
    cleanups.push(() => proxy.close());
    await until(() => proxy.stats().inOutage, 2000, 'the outage');
    for (let attempt = 1; attempt <= 3; attempt++) {
      const h = harness(modbusConnection({ protocol, host: '127.0.0.1', port: proxy.port, timeoutMs: 300 }));
      cleanups.push(() => h.driver.close());
      const connected = await h.driver.connect().then(
        () => true,
        () => false,
      );
      // Either the connect already failed, or the reset that follows the handshake is reported by itself.
      if (connected) await until(() => h.lost.length > 0, 2000, `attempt ${attempt}: the driver reported the reset`);
      expect(h.lost.length).toBeLessThanOrEqual(1);
    }
    expect(proxy.stats().connectionsRefused).toBeGreaterThanOrEqual(3);
    expect(device.sockets).toHaveLength(0); // nothing got through to the device
  });

  it('a reset of an idle, established link is reported once, and a request after it fails as not connected', async () => {
    const device = await peer(() => undefined);
    const h = harness(modbusConnection({ protocol, host: '127.0.0.1', port: device.port, timeoutMs: 300 }));
    cleanups.push(() => h.driver.close());
    await h.driver.connect();
    await until(() => device.sockets.length === 1, 2000, 'the peer accepted');
    expect(h.lost).toEqual([]);
    device.sockets[0]?.resetAndDestroy();
    await until(() => h.lost.length > 0, 2000, 'the driver reported the reset');
    expect(h.lost).toHaveLength(1);
    expect(h.lost[0]).toMatchObject({ kind: 'link-lost', code: 'modbus-link-lost' });
    await expect(h.driver.readRaw({ address: 'holding:0' })).rejects.toMatchObject({ kind: 'not-connected' });
    expect(h.lost).toHaveLength(1);
  });
});
