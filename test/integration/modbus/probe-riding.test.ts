/**
 * The link monitor's probe rides on traffic still waiting for its answer (a real Modbus TCP device on loopback that
 * counts every request it receives): with a control-lane exchange, or a scan read of the probe's unit, in flight,
 * the probe sends nothing of its own and settles with that exchange; once that exchange is answered, or with only
 * maintenance reads, scan reads of another unit, an exchange withdrawn before it went out, one answered with a
 * Modbus exception, or several requests allowed in flight, it sends its own read. With the link monitor on top: a
 * gateway whose device died (exception 11 to everything) is called silent within as many probes as without riding,
 * and a slow write beside a pipelined scan costs no lost probe.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TagBinding } from '../../../main/engine/drivers/driver';
import type { ModbusDriver } from '../../../main/engine/drivers/modbus/modbus-driver';
import { LinkMonitor } from '../../../main/engine/link/link-monitor';
import { FaultServer, type Fault, type SeenRequest } from '../../support/fault-server';
import { bindings, harness, modbusConnection, until } from '../../support/modbus-driver-harness';

const servers: FaultServer[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const server of servers.splice(0)) await server.close();
});

/** The probe's own read: FC3 of the first bound tag (unit 1, holding 0). */
const isProbeRead = (r: SeenRequest) => r.unitId === 1 && r.fc === 3 && r.address === 0 && r.count === 1;

async function device(fault?: (request: SeenRequest) => Fault): Promise<FaultServer> {
  const server = new FaultServer({ framing: 'mbap', units: [1, 2], ...(fault ? { fault: (r) => fault(r) } : {}) });
  await server.listen(0);
  servers.push(server);
  return server;
}

/** A driver on `server`; tags on unit 1 (the probe's unit, class `probeUnitClass`) and unit 2 (class fast). */
async function connected(server: FaultServer, scan?: { probeUnitClass: string }, link: { maxInFlight?: number; timeoutMs?: number } = {}) {
  const tags: TagBinding[] = [
    ...bindings({ speed: { address: 'holding:0', type: 'uint16', scanClass: scan?.probeUnitClass ?? 'normal' } }, 1),
    ...bindings({ load: { address: 'holding:10', type: 'uint16', scanClass: 'fast' } }, 2).map((b) => ({ ...b, signalId: 1 })),
  ];
  const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 300, ...link }), tags, { fast: 50, normal: 250, slow: 60_000 });
  await h.driver.connect();
  closers.push(() => h.driver.close());
  if (scan) await h.driver.start();
  return h;
}

const settledWithin = async (p: Promise<unknown>, ms: number) => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, ms));
  return done;
};

describe('a link probe rides on an exchange waiting for its answer', () => {
  it('with a control write in flight it sends nothing of its own; once the write is answered it reads', async () => {
    const server = await device((r) => (r.fc === 6 ? { delayMs: 100 } : 'ok'));
    const h = await connected(server);
    await h.driver.probe();
    expect(server.seen.filter(isProbeRead)).toHaveLength(1);
    const write = h.driver.UNSAFE_writeRaw({ address: 'holding:5', value: 7 }, 'control');
    const before = server.seen.length + 1; // the write
    expect(await h.driver.probe()).toBeGreaterThanOrEqual(0);
    await write;
    expect(server.seen.length).toBe(before); // rode on the write
    await h.driver.probe(); // the write answered already: it says nothing about now
    expect(server.seen.length).toBe(before + 1);
    expect(server.seen.at(-1)).toMatchObject({ unitId: 1, fc: 3, address: 0 });
    expect(h.driver.stats()).toMatchObject({ probesSent: 2, probesCarried: 1 });
  });

  it('rides on an exchange still in flight: reports when it went out, and settles only with its answer', async () => {
    const server = await device((r) => (r.fc === 16 || r.fc === 6 ? { delayMs: 150 } : 'ok'));
    const h = await connected(server);
    const write = h.driver.UNSAFE_writeRaw({ address: 'holding:5', value: 9 }, 'control');
    await until(() => server.outstanding === 1, 2000, 'the write on the wire');
    const told: number[] = [];
    const probe = h.driver.probe((ago) => told.push(ago));
    expect(told).toHaveLength(1); // already on the wire when the probe came
    expect(told[0]).toBeGreaterThanOrEqual(0);
    expect(await settledWithin(probe, 50)).toBe(false);
    await write;
    await expect(probe).resolves.toBeGreaterThan(0);
    expect(server.seen.filter(isProbeRead)).toHaveLength(0);
  });

  it('a ridden exchange that gets no answer fails the probe; after one answered with a Modbus exception the probe reads itself', async () => {
    const server = await device((r) => (r.fc !== 6 ? 'ok' : r.address === 5 ? 'silent' : { exception: 11, delayMs: 50 }));
    const h = await connected(server);
    const silent = h.driver.UNSAFE_writeRaw({ address: 'holding:5', value: 1 }, 'control');
    await expect(h.driver.probe()).rejects.toMatchObject({ kind: 'timeout' });
    await expect(silent).rejects.toMatchObject({ kind: 'timeout' });
    expect(server.seen.filter(isProbeRead)).toHaveLength(0);
    // Exception 11: the gateway answers, the device behind it does not. Not proof of a working link.
    const refused = h.driver.UNSAFE_writeRaw({ address: 'holding:6', value: 1 }, 'control').catch((error: unknown) => error);
    await expect(h.driver.probe()).resolves.toBeGreaterThanOrEqual(0);
    expect(await refused).toMatchObject({ kind: 'device-exception' });
    expect(server.seen.filter(isProbeRead)).toHaveLength(1);
    expect(h.driver.stats()).toMatchObject({ probesSent: 1, probesCarried: 0 });
  });

  it('with several requests allowed in flight nothing carries a probe', async () => {
    const server = await device((r) => (r.fc === 6 ? { delayMs: 100 } : 'ok'));
    const h = await connected(server, undefined, { maxInFlight: 4 });
    const write = h.driver.UNSAFE_writeRaw({ address: 'holding:5', value: 7 }, 'control');
    await until(() => server.outstanding === 1, 2000, 'the write on the wire');
    await h.driver.probe();
    await write;
    expect(server.seen.filter(isProbeRead)).toHaveLength(1);
    expect(h.driver.stats()).toMatchObject({ probesSent: 1, probesCarried: 0 });
  });

  it('a motion write withdrawn before it went out proves nothing: the probe sends its own read', async () => {
    const server = await device((r) => (r.fc === 6 && r.address === 5 ? { delayMs: 150 } : 'ok'));
    const h = await connected(server);
    const slow = h.driver.UNSAFE_writeRaw({ address: 'holding:5', value: 1 }, 'control');
    await until(() => server.outstanding === 1, 2000, 'the slow write on the wire');
    const binding = bindings({ hoistJog: { address: 'holding:7', type: 'uint16' } }, 1)[0] as TagBinding;
    const jog = h.driver.UNSAFE_write(binding, 3, 'control', 'hoist');
    const probe = h.driver.probe();
    expect(h.driver.cancelMotion('hoist', 'stop pressed')).toBe(1);
    await expect(probe).resolves.toBeGreaterThanOrEqual(0);
    await slow;
    expect(await jog).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    expect(server.seen.filter((r) => r.address === 7)).toHaveLength(0); // the jog never went out
    expect(server.seen.filter(isProbeRead)).toHaveLength(1);
    expect(h.driver.stats()).toMatchObject({ probesSent: 1, probesCarried: 0 });
  });

  it('maintenance reads never carry a probe, even in flight', async () => {
    const server = await device((r) => (r.address === 3 ? { delayMs: 100 } : 'ok'));
    const h = await connected(server);
    const maintenance = h.driver.readRaw({ address: 'holding:3' });
    await until(() => server.outstanding === 1, 2000, 'the maintenance read on the wire');
    await h.driver.probe();
    await maintenance;
    expect(server.seen.filter(isProbeRead)).toHaveLength(1);
    expect(h.driver.stats()).toMatchObject({ probesSent: 1, probesCarried: 0 });
  });

  it("scan reads carry probes only when they read the probe's unit", async () => {
    // Every read answered 40 ms late (a slow link), so a scan read is nearly always in flight.
    const slowReads = (r: SeenRequest): Fault => (r.fc === 3 ? { delayMs: 40 } : 'ok');
    const inFlightFrom = (server: FaultServer, unit: number) => () => server.outstanding === 1 && server.seen.at(-1)?.unitId === unit;
    // Unit 1 (the probe's) read once at start (class slow), unit 2 every 50 ms: no scan read carries the probes.
    const other = await device(slowReads);
    const h = await connected(other, { probeUnitClass: 'slow' });
    // One request at a time: a unit 2 read seen after unit 1's first read means that one was answered.
    const unitOneRead = () => other.seen.findIndex((r) => r.unitId === 1);
    await until(() => unitOneRead() >= 0 && other.seen.findLastIndex((r) => r.unitId === 2) > unitOneRead(), 3000, 'unit 1 read once');
    for (let i = 0; i < 3; i++) {
      await until(inFlightFrom(other, 2), 3000, 'a unit 2 scan read in flight');
      await h.driver.probe();
    }
    expect(h.driver.stats()).toMatchObject({ probesSent: 3, probesCarried: 0 });

    // Unit 1 in the fast class too: its scan reads in flight carry them.
    const same = await device(slowReads);
    const g = await connected(same, { probeUnitClass: 'fast' });
    for (let i = 0; i < 3; i++) {
      await until(inFlightFrom(same, 1), 3000, 'a unit 1 scan read in flight');
      await g.driver.probe();
    }
    expect(g.driver.stats()).toMatchObject({ probesSent: 0, probesCarried: 3 });
  });
});

/** A link monitor on `driver` (probe every 100 ms, lost after 400 ms), recording when it calls the link silent. */
function monitorOn(driver: ModbusDriver, rtts: number[]) {
  const silences: number[] = [];
  const monitor = new LinkMonitor({
    connectionId: 'test',
    equipment: [{ id: 'eq', thresholds: { rttDegradedMs: 500, rttUnsafeMs: 1500, jitterDegradedMs: 500, lossDegradedPct: 50, lossUnsafePct: 90, survivalMs: 500 } }],
    probe: { periodMs: 100, timeoutMs: 400 },
    activeDriver: () => driver,
    onSilent: (silent) => silent && silences.push(monitor.counters.probes),
    onQuality: () => undefined,
  });
  // The harness collects the driver's RTTs; the monitor gets them as the supervisor passes them on.
  const forward = setInterval(() => {
    for (const ms of rtts.splice(0)) monitor.recordRtt(ms);
  }, 5);
  closers.push(async () => {
    clearInterval(forward);
    monitor.stop();
  });
  monitor.connectionChanged(true);
  monitor.start();
  return { monitor, silences };
}

describe('riding probes under the link monitor', () => {
  it('a gateway whose device died answers exception 11 to everything: silent within a few probes, as without riding', async () => {
    let dead = false;
    // Every read takes 40 ms (a slow link), so a scan read of the probe's unit is nearly always in flight.
    const server = await device((): Fault => (dead ? { exception: 11, delayMs: 40 } : { delayMs: 40 }));
    const h = await connected(server, { probeUnitClass: 'fast' });
    const { monitor, silences } = monitorOn(h.driver, h.rtts);
    await until(() => monitor.counters.answered >= 10, 5000, 'probes answered');
    expect(h.driver.stats().probesCarried).toBeGreaterThan(0);
    expect(silences).toEqual([]);
    const probesBefore = monitor.counters.probes;
    dead = true;
    // Once two requests have come after it (one at a time), whatever was answered before it has been.
    const seenAtDeath = server.seen.length;
    await until(() => server.seen.length >= seenAtDeath + 2, 2000, 'requests after the device died');
    const carried = h.driver.stats().probesCarried;
    await until(() => silences.length > 0, 10_000, 'the link called silent');
    // No probe counted an exception as an answer: each that found one in flight sent its own read.
    expect(h.driver.stats().probesCarried).toBe(carried);
    // Failing probes for one probe timeout (4 periods) make it silent: 4 to 6 probes. Riding on the exceptions as
    // answers, it took dozens (the odd probe that found nothing in flight).
    expect((silences[0] as number) - probesBefore).toBeLessThanOrEqual(7);
  });

  it('a write the device confirms slowly beside a pipelined scan is not link loss', async () => {
    const server = await device((r) => (r.fc === 6 ? { delayMs: 900 } : { delayMs: 20 }));
    // The probe's unit is read once at start (class slow): the write is the only exchange a probe could ride on.
    const h = await connected(server, { probeUnitClass: 'slow' }, { maxInFlight: 4, timeoutMs: 1500 });
    const { monitor } = monitorOn(h.driver, h.rtts);
    await until(() => monitor.counters.answered >= 5, 5000, 'probes answered');
    const before = { probes: monitor.counters.probes, lost: monitor.counters.lost };
    await h.driver.UNSAFE_writeRaw({ address: 'holding:5', value: 1 }, 'control');
    await until(() => monitor.counters.probes - before.probes >= 12, 5000, 'probes during and after the write');
    expect(monitor.counters.lost).toBe(before.lost);
  });
});
