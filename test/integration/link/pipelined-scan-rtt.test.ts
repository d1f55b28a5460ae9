/**
 * A slow link with several requests in flight: the crane simulator behind the link lab's proxy at a fixed 40 ms
 * round trip, scanned by two consoles at once, one with the default one request in flight and one with the site's
 * `maxInFlight: 4`. One request at a time, the link carries ~25 exchanges/s, far fewer than the crane's scan asks for
 * (76/s); with three scan reads in flight per round trip it carries about three times as many.
 * Control taken over the pipelined link still works end to end: the heartbeat keeps the watchdog fed, a setpoint is
 * written and verified, and a maintenance read beside the scan returns it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedRttProfile, startLinkProxy, type LinkProxy } from '../../../main/sim/link-lab';
import type { ModbusDriver } from '../../../main/engine/drivers/modbus/modbus-driver';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { pollUntil } from '../sim/sim-clients';

const EQ = 'sts-crane-1';
const CONN = 'crane-plc';
const RTT_MS = 40;

let crane: Awaited<ReturnType<typeof startCrane>>;
let proxy: LinkProxy;
let single: Console;
let pipelined: Console;

const driverOf = (c: Console) => c.engine.supervisors.get(CONN)?.activeDriver as ModbusDriver | undefined;
const fastCycles = (c: Console) => c.engine.supervisors.get(CONN)?.status.scan?.fast?.cycles ?? 0;

async function consoleWith(maxInFlight: number, consoleId: number): Promise<Console> {
  const site = await craneSite(proxy.port, (s) => {
    for (const c of s.connections as Record<string, unknown>[]) c.maxInFlight = maxInFlight;
    for (const e of s.equipment as { link?: Record<string, number> }[]) e.link = { ...e.link, rttUnsafeMs: 200 };
  });
  const c = await startConsole(site, consoleId, 'admin', `console-${maxInFlight}-in-flight`);
  await waitConnected(c);
  return c;
}

beforeAll(async () => {
  crane = await startCrane();
  proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: fixedRttProfile(RTT_MS), seed: 5 });
  single = await consoleWith(1, 321);
  pipelined = await consoleWith(4, 322);
  for (const c of [single, pipelined]) await pollUntil(async () => c.engine.link.linkOf(CONN, EQ).rttMs ?? 0, (v) => Math.abs(v - RTT_MS) < 6, 20_000, 100);
}, 40_000);

afterAll(async () => {
  await pipelined?.stop();
  await single?.stop();
  await proxy?.close();
  await crane?.stop();
});

describe('scan over a 40 ms link', () => {
  it('completes several times the scan cycles with four requests in flight, over the same link in the same time', async () => {
    const before = { single: fastCycles(single), pipelined: fastCycles(pipelined) };
    await pollUntil(async () => fastCycles(pipelined) - before.pipelined, (n) => n >= 30, 20_000, 50);
    const done = { single: fastCycles(single) - before.single, pipelined: fastCycles(pipelined) - before.pipelined };
    // Expected about 3×: one in flight carries ~24 scan reads/s (the link's rate), three in flight ~72.
    expect(done.pipelined, JSON.stringify(done)).toBeGreaterThan(2 * done.single);
    expect(driverOf(single)?.stats()).toMatchObject({ maxInFlight: 1, maxInFlightSeen: 1, timeouts: 0 });
    // Requests beside the scan take scan time only with one request in flight: with more they keep a slot of their own.
    expect(single.engine.supervisors.get(CONN)?.status.requestsBesideScan).toEqual(expect.any(Number));
    expect(pipelined.engine.supervisors.get(CONN)?.status).not.toHaveProperty('requestsBesideScan');
    const stats = driverOf(pipelined)?.stats();
    expect(stats).toMatchObject({ maxInFlight: 4, timeouts: 0, errors: 0, resyncs: 0 });
    expect(stats?.maxInFlightSeen).toBeGreaterThanOrEqual(3);
    expect(stats?.maxInFlightSeen).toBeLessThanOrEqual(4);
  }, 30_000);

  it('takes control over the pipelined link: heartbeats keep the watchdog fed, a setpoint is written, verified and read back', async () => {
    const taken = await pipelined.client.request('control.take', { equipmentId: EQ, takeOver: true });
    expect(taken.outcome, JSON.stringify(taken.outcome)).toMatchObject({ status: 'ok' });
    try {
      // windLimit: holding 16, 0.1 m/s per count.
      const set = await pipelined.client.request('command.execute', { equipmentId: EQ, command: 'setWindLimit', value: 21.5 });
      expect(set.outcome, JSON.stringify(set.outcome)).toMatchObject({ status: 'ok' });
      const read = await pipelined.client.request('modbus.read', { connectionId: CONN, address: 'holding:16', count: 1 });
      expect(read.values).toEqual([{ address: 'holding:16', value: 215 }]);
      // A second of heartbeats over the busy link: the device saw them change, and nothing tripped.
      const heartbeatAge = () => pipelined.client.request('modbus.read', { connectionId: CONN, address: 'input:5', count: 1 }).then((r) => Number(r.values[0]?.value));
      const start = fastCycles(pipelined);
      await pollUntil(async () => fastCycles(pipelined) - start, (n) => n >= 10, 10_000, 50);
      expect(await heartbeatAge()).toBeLessThan(500);
      const faults = await pipelined.client.request('modbus.read', { connectionId: CONN, address: 'discrete:3', count: 1 });
      expect(faults.values[0]?.value).toBe(false); // watchdogFault
    } finally {
      await pipelined.client.request('control.release', { equipmentId: EQ });
    }
  }, 30_000);
});
