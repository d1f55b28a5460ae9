/**
 * The link monitor's probes ride on the console's own traffic: the crane simulator behind the link lab's proxy at a
 * fixed 40 ms round trip, one request in flight, control held. The heartbeat and the scan reads answer for nearly
 * every probe, so the probes no longer take their own share of the slow link ahead of the scan; and when the link
 * goes silent behind an open socket (half-open), the heartbeats that carry the probes go unanswered and the link is
 * still called not answering, then lost, with the control released.
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
let c: Console;

const driverOf = () => c.engine.supervisors.get(CONN)?.activeDriver as ModbusDriver | undefined;
const monitorProbes = () => c.engine.link.monitor(CONN)?.counters.probes ?? 0;

beforeAll(async () => {
  crane = await startCrane();
  proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: fixedRttProfile(RTT_MS), seed: 9 });
  const site = await craneSite(proxy.port, (s) => {
    // Headroom above the 40 ms round trip: a loaded machine's scheduling must not read as a bad link here.
    for (const e of s.equipment as { link?: Record<string, number> }[]) e.link = { ...e.link, rttDegradedMs: 100, jitterDegradedMs: 50, rttUnsafeMs: 200 };
  });
  c = await startConsole(site, 331, 'admin', 'probe-riding');
  await waitConnected(c);
  await pollUntil(async () => c.engine.link.linkOf(CONN, EQ).rttMs ?? 0, (v) => Math.abs(v - RTT_MS) < 6, 20_000, 100);
}, 40_000);

afterAll(async () => {
  await c?.stop();
  await proxy?.close();
  await crane?.stop();
});

describe('probes on a slow link with control held', () => {
  it('ride on the heartbeat and the scan: few requests of their own, none lost, the link usable', async () => {
    const taken = await c.client.request('control.take', { equipmentId: EQ, takeOver: true });
    expect(taken.outcome, JSON.stringify(taken.outcome)).toMatchObject({ status: 'ok' });
    const before = { probes: monitorProbes(), own: driverOf()?.stats().probesSent ?? 0 };
    await pollUntil(async () => monitorProbes() - before.probes, (n) => n >= 30, 20_000, 50);
    const probes = monitorProbes() - before.probes;
    const own = (driverOf()?.stats().probesSent ?? 0) - before.own;
    expect(own, `${own} own of ${probes} probes`).toBeLessThanOrEqual(probes / 5);
    expect(['good', 'degraded']).toContain(c.engine.link.linkOf(CONN, EQ).quality);
    expect(c.engine.link.monitor(CONN)?.counters.lost).toBe(0);
  }, 30_000);

  it('a half-open link: the unanswered heartbeats that carry the probes make it silent, then lost, and control goes', async () => {
    expect(['good', 'degraded']).toContain(c.engine.link.linkOf(CONN, EQ).quality);
    proxy.setProfile('half-open');
    await c.waitForEvent('connection.state', (s) => s.state === 'degraded' && s.reason?.details?.code === 'link-not-answering');
    await pollUntil(async () => c.engine.link.linkOf(CONN, EQ).quality, (q) => q === 'lost', 5_000, 10);
    await c.waitForEvent('control.changed', (e) => e.equipmentId === EQ && e.holder === null);
    expect(c.engine.link.monitor(CONN)?.counters.lost).toBeGreaterThan(0);
  }, 20_000);
});
