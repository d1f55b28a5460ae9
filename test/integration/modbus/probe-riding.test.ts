/**
 * The link monitor's probe rides on traffic still waiting for its answer (a real Modbus TCP device on loopback that
 * counts every request it receives): with a control-lane exchange, or a scan read of the probe's unit, in flight,
 * the probe sends nothing of its own and settles with that exchange; once that exchange is answered, or with only
 * maintenance reads, scan reads of another unit or an exchange withdrawn before it went out, it sends its own read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TagBinding } from '../../../main/engine/drivers/driver';
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
async function connected(server: FaultServer, scan?: { probeUnitClass: string }) {
  const tags: TagBinding[] = [
    ...bindings({ speed: { address: 'holding:0', type: 'uint16', scanClass: scan?.probeUnitClass ?? 'normal' } }, 1),
    ...bindings({ load: { address: 'holding:10', type: 'uint16', scanClass: 'fast' } }, 2).map((b) => ({ ...b, signalId: 1 })),
  ];
  const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 300 }), tags, { fast: 50, normal: 250, slow: 60_000 });
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

  it('a ridden exchange that gets no answer fails the probe; one answered with a Modbus exception answers it', async () => {
    const server = await device((r) => (r.fc !== 6 ? 'ok' : r.address === 5 ? 'silent' : { exception: 2 }));
    const h = await connected(server);
    const silent = h.driver.UNSAFE_writeRaw({ address: 'holding:5', value: 1 }, 'control');
    await expect(h.driver.probe()).rejects.toMatchObject({ kind: 'timeout' });
    await expect(silent).rejects.toMatchObject({ kind: 'timeout' });
    const refused = h.driver.UNSAFE_writeRaw({ address: 'holding:6', value: 1 }, 'control');
    await expect(h.driver.probe()).resolves.toBeGreaterThanOrEqual(0);
    await expect(refused).rejects.toMatchObject({ kind: 'device-exception' });
    expect(server.seen.filter(isProbeRead)).toHaveLength(0);
    expect(h.driver.stats()).toMatchObject({ probesSent: 0, probesCarried: 1 });
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
