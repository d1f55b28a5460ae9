/** The link proxy on loopback with a real echo server: measured round trips, stalls, bandwidth, outage, half-open, slow close. */
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { profileByName, startLinkProxy, type LinkProfile, type LinkProxy } from '../../../main/sim/link-lab';
import { nextRandom } from '../../../main/sim/modbus-server/plc/rng';
import { streamSeed } from '../../../main/sim/link-lab/schedule';
import { connectTo, echoRoundTrip, median, startEchoServer, type EchoServer } from '../../support/echo-server';
import { withinOnSomeReading } from '../../support/timing-claims';

/** Resolves once `condition` holds (polled every 5 ms); rejects after `timeoutMs`. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Sequential round trips of 16 bytes. */
async function roundTrips(socket: Socket, count: number): Promise<number[]> {
  const rtts: number[] = [];
  for (let i = 0; i < count; i++) rtts.push(await echoRoundTrip(socket));
  return rtts;
}

const custom = (overrides: Partial<LinkProfile['params']>, extra: Partial<LinkProfile> = {}): LinkProfile => ({
  name: 'test',
  description: 'test profile',
  params: { ...profileByName('lan').params, ...overrides },
  ...extra,
});
const oneWay = (delayMs: number, bandwidthBps = 0) => ({ delayMs, jitterMs: 0, bandwidthBps });

describe('link proxy', () => {
  let echo: EchoServer;
  let proxy: LinkProxy;
  const sockets: Socket[] = [];
  const open = async () => {
    const socket = await connectTo(proxy.port);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    echo = await startEchoServer();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await proxy?.close();
  });
  afterAll(() => echo.close());

  it.each(['5g-good', '5g-congested'])('%s: measured p50 round trip is within ±2 ms of the configured one', async (name) => {
    const configured = name === '5g-good' ? 10 : 40;
    // Each reading on a fresh proxy (same seed, so the same stalls): its counters then speak of that reading alone.
    const reading = async () => {
      await proxy?.close();
      proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: echo.port, profile: name, seed: 11 });
      const rtts = await roundTrips(await open(), name === '5g-good' ? 80 : 100);
      const stats = proxy.stats();
      const p50 = median(rtts);
      console.log(`${name}: configured ${stats.configuredRttMs} ms, measured p50 ${p50.toFixed(2)} ms over ${rtts.length}, stalls ${stats.stallsInjected}`);
      expect(stats.configuredRttMs).toBe(configured);
      expect(stats.up.chunks).toBe(rtts.length);
      expect(stats.down.chunks).toBe(rtts.length);
      expect(stats.chunksDelayed).toBe(2 * rtts.length);
      return p50;
    };
    const claim = await withinOnSomeReading(reading, configured, 2, { wakeUps: 2 }); // the delayed chunk each way
    expect(claim.ok, `${claim.why}: p50 readings ${claim.readings.join(', ')} ms`).toBe(true);
  });

  it('shows loss as stalls: exactly the round trips the seeded RNG stalls take a retransmission timeout longer', async () => {
    const seed = 5;
    const lossRate = 0.15;
    const stallMs = 150;
    proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: echo.port, seed, profile: custom({ up: oneWay(1), down: oneWay(1), lossRate, stallMs }) });
    const socket = await open();
    const rtts = await roundTrips(socket, 30);
    // Replay the two random streams of connection 0 (jitter draw, then loss draw per chunk; one chunk each way per trip).
    let [up, down] = [streamSeed(seed, 0), streamSeed(seed, 1)];
    const stalledTrips: boolean[] = [];
    let expectedStalls = 0;
    for (let i = 0; i < rtts.length; i++) {
      let upLoss: number, downLoss: number;
      [, up] = nextRandom(up);
      [upLoss, up] = nextRandom(up);
      [, down] = nextRandom(down);
      [downLoss, down] = nextRandom(down);
      const stalls = Number(upLoss < lossRate) + Number(downLoss < lossRate);
      expectedStalls += stalls;
      stalledTrips.push(stalls > 0);
    }
    const stats = proxy.stats();
    expect(stats.stallsInjected).toBe(expectedStalls);
    expect(expectedStalls).toBeGreaterThan(0);
    expect(stats.up.stallMsTotal + stats.down.stallMsTotal).toBe(expectedStalls * stallMs);
    expect(rtts.map((rtt) => rtt >= stallMs)).toEqual(stalledTrips);
  });

  it('caps bandwidth: 96 kB at 200 kB/s cannot pass faster than the token bucket allows', async () => {
    proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: echo.port, profile: custom({ up: oneWay(0, 200_000), down: oneWay(0) }) });
    const socket = await open();
    const total = 96 * 1024;
    let received = 0;
    socket.on('data', (data: Buffer) => (received += data.length));
    const start = performance.now();
    socket.write(Buffer.alloc(total, 1));
    await waitFor(() => received === total, 'the echo of 96 kB');
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(((total - 16 * 1024) / 200_000) * 1000 - 1);
    expect(proxy.stats().up.bytes).toBe(total);
  });

  it('serves many connections independently', async () => {
    proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: echo.port, profile: '5g-good' });
    const clients = await Promise.all(Array.from({ length: 8 }, () => open()));
    const results = await Promise.all(clients.map((socket) => roundTrips(socket, 5)));
    expect(results.flat()).toHaveLength(40);
    expect(proxy.stats()).toMatchObject({ connectionsAccepted: 8, connectionsOpen: 8 });
    clients[0]!.destroy();
    await waitFor(() => proxy.stats().connectionsOpen === 7, 'one connection to go');
    expect((await roundTrips(clients[1]!, 1)).length).toBe(1);
  });

  it('outage: closes open connections cleanly, resets new ones, then accepts again', async () => {
    proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: echo.port, profile: '5g-good' });
    const socket = await open();
    await roundTrips(socket, 2);
    let ended = false;
    let errored = false;
    socket.on('end', () => (ended = true));
    socket.on('error', () => (errored = true));
    proxy.setProfile('outage-1s');
    await waitFor(() => socket.destroyed, 'the proxied socket to close');
    expect([ended, errored]).toEqual([true, false]); // FIN, not a reset
    await waitFor(() => echo.openSockets() === 0, 'the upstream socket to close');
    const during = await connectTo(proxy.port).then(
      (s) => new Promise<string>((resolve) => s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error')).once('close', () => resolve('closed'))),
      (e: NodeJS.ErrnoException) => e.code ?? 'error',
    );
    expect(during).toMatch(/ECONNRESET|ECONNREFUSED/);
    await waitFor(() => !proxy.stats().inOutage, 'the 1 s outage to end', 5000);
    const after = await open();
    expect((await roundTrips(after, 2)).length).toBe(2);
    expect(proxy.stats()).toMatchObject({ outages: 1, connectionsClosedByOutage: 1, connectionsAccepted: 2 });
    expect(proxy.stats().connectionsRefused).toBeGreaterThanOrEqual(1);
  });

  it('half-open: bytes vanish both ways, no close, the socket stays open; back to normal it carries again', async () => {
    proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: echo.port, profile: '5g-good' });
    const socket = await open();
    await roundTrips(socket, 2);
    const receivedBefore = echo.bytesReceived();
    let echoed = 0;
    socket.on('data', (data: Buffer) => (echoed += data.length));
    proxy.setProfile('half-open');
    socket.write(Buffer.alloc(100, 7));
    await waitFor(() => proxy.stats().up.bytesDropped === 100, 'the proxy to swallow 100 bytes');
    expect(echo.bytesReceived()).toBe(receivedBefore);
    expect(echoed).toBe(0);
    socket.end(); // the client's close is not carried either
    await waitFor(() => socket.writableFinished, 'the client FIN to leave');
    expect(echo.openSockets()).toBe(1);
    expect(proxy.stats()).toMatchObject({ halfOpen: true, connectionsOpen: 1 });
    proxy.setProfile('5g-good'); // the held close is delivered now
    await waitFor(() => echo.openSockets() === 0 && socket.destroyed, 'the held close to be delivered');
    expect(echoed).toBe(0);
  });

  it('slow close: the close reaches the server only after closeDelayMs, after the data', async () => {
    proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: echo.port, profile: custom({ closeDelayMs: 300 }) });
    const socket = await open();
    await roundTrips(socket, 1);
    const start = performance.now();
    socket.end();
    await waitFor(() => echo.openSockets() === 0, 'the delayed close');
    expect(performance.now() - start).toBeGreaterThanOrEqual(299);
  });
});
