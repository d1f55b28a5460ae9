/**
 * Faults on real sockets: replies delayed past the timeout, garbage and truncated frames, a dead unit on a
 * shared line, limits refused before sending. After every fault the next answer must be the right one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { FaultServer, type Fault } from '../../support/fault-server';
import { bindings, harness, modbusConnection, until } from '../../support/modbus-driver-harness';

const servers: FaultServer[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const server of servers.splice(0)) await server.close();
});

async function device(framing: 'rtu' | 'mbap', fault?: (index: number) => Fault, units = [1]): Promise<FaultServer> {
  const server = new FaultServer({ framing, units, ...(fault ? { fault: (_r, i) => fault(i) } : {}) });
  for (const unit of units) server.holding.get(unit)?.set([111, 222, 333, 444, 555]);
  await server.listen(0);
  servers.push(server);
  return server;
}

function connectionFor(framing: 'rtu' | 'mbap', port: number) {
  return modbusConnection({ protocol: framing === 'rtu' ? 'modbus-rtu-tcp' : 'modbus-tcp', host: '127.0.0.1', port, timeoutMs: 300 });
}

async function connected(framing: 'rtu' | 'mbap', port: number, tags: ReturnType<typeof bindings> = []) {
  const h = harness(connectionFor(framing, port), tags);
  await h.driver.connect();
  closers.push(() => h.driver.close());
  return h;
}

const read = (h: Awaited<ReturnType<typeof connected>>, address: number) => h.driver.readRaw({ address: `holding:${address}` }).then((v) => v[0]?.value);

describe.each(['rtu', 'mbap'] as const)('%s framing', (framing) => {
  it('a reply delayed past the timeout is never taken as the answer to the next request', async () => {
    const server = await device(framing, (i) => (i === 0 ? { delayMs: 450 } : 'ok'));
    const h = await connected(framing, server.port);
    await expect(read(h, 0)).rejects.toMatchObject({ kind: 'timeout' });
    // Same unit, function and length as the late reply (111): only resync / transaction ids tell them apart.
    expect(await read(h, 1)).toBe(222);
    await new Promise((r) => setTimeout(r, 300)); // let the late reply land on whatever socket it still can
    expect(await read(h, 2)).toBe(333);
    expect(await read(h, 3)).toBe(444);
    expect(h.lost).toEqual([]);
  });

  it('garbage and truncated frames become named errors and the link recovers with the right values', async () => {
    const server = await device(framing, (i) => (i === 0 ? 'garbage' : i === 2 ? 'truncated' : 'ok'));
    const h = await connected(framing, server.port);
    const first = await read(h, 0).catch((e: unknown) => e);
    expect(first).toMatchObject({ kind: expect.stringMatching(/^(bad-response|timeout)$/) });
    expect(await read(h, 1)).toBe(222);
    await expect(read(h, 2)).rejects.toMatchObject({ kind: 'timeout' });
    expect(await read(h, 3)).toBe(444);
    expect(await read(h, 4)).toBe(555);
  });

  it('refuses out-of-range addresses and counts before anything is sent', async () => {
    const server = await device(framing);
    const h = await connected(framing, server.port);
    const refused = [
      h.driver.readRaw({ address: 'holding:65535', type: 'float32' }),
      h.driver.readRaw({ address: 'holding:65000', count: 600 }),
      h.driver.readRaw({ address: 'holding:70000' }),
      h.driver.readRaw({ address: 'input:0', type: 'bool' }),
      h.driver.UNSAFE_writeRaw({ address: 'holding:0', value: 70000, type: 'uint16' }),
      h.driver.UNSAFE_writeRaw({ address: 'holding:0', value: 'x'.repeat(250), type: 'string' }),
      h.driver.UNSAFE_writeRaw({ address: 'discrete:0', value: true }),
      h.driver.readRaw({ unitId: 300, address: 'holding:0' }),
    ];
    for (const attempt of refused) await expect(attempt).rejects.toMatchObject({ kind: 'invalid-request' });
    expect(server.seen).toEqual([]);
    expect(await read(h, 4)).toBe(555);
  });

  it('device exceptions arrive named, with the request that caused them', async () => {
    const server = await device(framing, () => ({ exception: 6 }));
    const h = await connected(framing, server.port);
    const error = await read(h, 7).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'device-exception', code: 'modbus-exception-6', details: { exception: 6, request: { unitId: 1, functionCode: 3, address: 7, count: 1 } } });
  });
});

describe('writes and overruns', () => {
  it.each(['rtu', 'mbap'] as const)('%s: sets one bit by read-modify-write when mask write (FC22) is unavailable, leaving the other bits', async (framing) => {
    const server = await device(framing);
    const h = await connected(framing, server.port);
    await h.driver.UNSAFE_writeRaw({ address: 'holding:2.3', value: true });
    await h.driver.UNSAFE_writeRaw({ address: 'holding:2.0', value: 'off' });
    expect(server.holding.get(1)?.[2]).toBe((333 | 8) & ~1);
    // TCP tries FC22 first (this device answers exception 1); RTU framing goes straight to FC3 + FC6.
    expect(server.seen.slice(0, 3).map((r) => r.fc)).toEqual(framing === 'mbap' ? [22, 3, 6] : [3, 6, 3]);
  });

  it('skips and counts a scan cycle that would overlap the one still running', async () => {
    const server = await device('rtu', () => ({ delayMs: 120 }));
    const tags = bindings({ a: { address: 'holding:0', type: 'uint16', scanClass: 'fast' }, b: { address: 'holding:40', type: 'uint16', scanClass: 'fast' } });
    const h = harness(connectionFor('rtu', server.port), tags, { fast: 50 });
    await h.driver.connect();
    closers.push(() => h.driver.close());
    await h.driver.start();
    const stats = h.driver.scanner.stats.get('fast');
    await until(() => (stats?.skippedCycles ?? 0) >= 3 && (stats?.cycles ?? 0) >= 2, 10_000, 'overrun cycles');
    expect(stats?.requestsPerCycle).toBe(2);
    // Never stacked: the device never saw more requests than the cycles that ran allow.
    expect(server.seen.length).toBeLessThanOrEqual(2 * (stats?.cycles ?? 0));
    expect(h.latest().get(1)).toMatchObject({ value: 0, quality: Quality.good });
    expect(h.latest().get(0)).toMatchObject({ value: 111, quality: Quality.good });
  });
});

describe('one request in flight', () => {
  it('1000 reads, 16 at a time (the maintenance lane holds 16), on an RTU-over-TCP link are sent one at a time and each gets its own data', async () => {
    const server = await device('rtu', () => ({ delayMs: 1 }));
    const image = server.holding.get(1);
    for (let a = 0; a < 1000; a++) if (image) image[a] = (a * 7919) % 65536;
    const h = await connected('rtu', server.port);
    const values: unknown[] = [];
    let next = 0;
    const worker = async () => {
      for (let a = next++; a < 1000; a = next++) values[a] = await read(h, a);
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(values).toEqual(Array.from({ length: 1000 }, (_, a) => (a * 7919) % 65536));
    expect(server.seen).toHaveLength(1000);
    expect(server.maxOutstanding).toBe(1);
  });
});

describe('closing', () => {
  it('settles a request in flight when the driver closes (no hung promise, no leak)', async () => {
    const server = await device('rtu', () => 'silent');
    const h = harness(modbusConnection({ protocol: 'modbus-rtu-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 30_000 }));
    await h.driver.connect();
    const pending = h.driver.readRaw({ address: 'holding:0' });
    const queued = h.driver.readRaw({ address: 'holding:1' });
    await until(() => server.seen.length === 1, 5000, 'the request on the wire');
    const outcomes = Promise.allSettled([pending, queued]);
    await h.driver.close();
    const [first, second] = await outcomes;
    // The one on the wire went out and was left unanswered (a write may have acted); the queued one never went out.
    expect(first).toMatchObject({ status: 'rejected', reason: { kind: 'timeout', code: 'modbus-reply-lost' } });
    expect(second).toMatchObject({ status: 'rejected', reason: { kind: 'not-connected' } });
  });
});

describe('shared link with a dead unit', () => {
  it('keeps polling the live unit while the dead one is slow-polled and marked bad', async () => {
    const server = await device('rtu', undefined, [1]); // unit 2 never answers
    const tags = [...bindings({ a: { address: 'holding:0', type: 'uint16', scanClass: 'fast' } }, 1), ...bindings({ b: { address: 'holding:1', type: 'uint16', scanClass: 'fast' } }, 2).map((b) => ({ ...b, signalId: 1 }))];
    const h = harness(connectionFor('rtu', server.port), tags, { fast: 50 });
    await h.driver.connect();
    closers.push(() => h.driver.close());
    await h.driver.start();
    await until(() => h.log.entries.some((e) => e.code === 'modbus.unit-dead'), 5000, 'unit 2 declared dead');
    const before = server.seen.filter((r) => r.unitId === 1).length;
    const deadBefore = server.seen.filter((r) => r.unitId === 2).length;
    const figuresBefore = h.driver.scanFigures().fast;
    await until(() => server.seen.filter((r) => r.unitId === 1).length >= before + 20, 10_000, '20 more polls of the live unit');
    const figures = h.driver.scanFigures().fast;
    const livePolls = server.seen.filter((r) => r.unitId === 1).length - before;
    const deadPolls = server.seen.filter((r) => r.unitId === 2).length - deadBefore;
    expect(deadPolls).toBeLessThanOrEqual(2);
    // What the link carried is the live unit's answers: the dead unit's reads, skipped in every cycle, are not among
    // them (cycles run × reads per cycle would count them).
    const answered = (figures?.answered ?? 0) - (figuresBefore?.answered ?? 0);
    expect(Math.abs(answered - livePolls)).toBeLessThanOrEqual(1);
    // Nor are the reads to unit 2 that timed out: since the start, only unit 1 answered (its last read may be out).
    const liveSeen = server.seen.filter((r) => r.unitId === 1).length;
    expect(figures?.answered).toBeLessThanOrEqual(liveSeen);
    expect(figures?.answered).toBeGreaterThanOrEqual(liveSeen - 1);
    expect(((figures?.cycles ?? 0) - (figuresBefore?.cycles ?? 0)) * (figures?.requestsPerCycle ?? 0)).toBeGreaterThanOrEqual(answered + 15);
    const live = h.samples.filter((s) => s.signalId === 0);
    expect(live.at(-1)).toMatchObject({ quality: Quality.good, value: 111 });
    expect(h.samples.filter((s) => s.signalId === 1).at(-1)?.quality).toBe(Quality.bad);
    expect(h.samples.some((s) => s.signalId === 1 && s.quality === Quality.good)).toBe(false);
    expect(h.driver.stats().deadUnits).toEqual([2]);
    // The supervisor is told: the connection shows degraded (not lost) while unit 1 keeps working.
    expect(h.degraded.at(-1)).toMatchObject({ code: 'modbus-unit-silent', details: { units: [2] } });
    expect(h.lost).toEqual([]);
  });
});

describe('a unit behind a gateway that answers for it', () => {
  it('exception 11 (target device failed to respond) is silence: the unit goes to slow polling and the live unit keeps its rate', async () => {
    // The gateway answers for unit 2 with exception 11 after its own 150 ms wait; unit 1 answers at once.
    const server = new FaultServer({ framing: 'mbap', units: [1, 2], fault: (request) => (request.unitId === 2 ? { exception: 11, delayMs: 150 } : 'ok') });
    server.holding.get(1)?.set([111, 222]);
    await server.listen(0);
    servers.push(server);
    const tags = [...bindings({ a: { address: 'holding:0', type: 'uint16', scanClass: 'fast' } }, 1), ...bindings({ b: { address: 'holding:1', type: 'uint16', scanClass: 'fast' } }, 2).map((b) => ({ ...b, signalId: 1 }))];
    const h = harness(connectionFor('mbap', server.port), tags, { fast: 50 });
    await h.driver.connect();
    closers.push(() => h.driver.close());
    await h.driver.start();
    await until(() => h.driver.stats().deadUnits.includes(2), 5000, 'unit 2 called dead');
    expect(h.degraded.at(-1)).toMatchObject({ code: 'modbus-unit-silent', details: { units: [2] } });
    const toUnit = (unit: number) => server.seen.filter((r) => r.unitId === unit).length;
    const [live, gateway] = [toUnit(1), toUnit(2)];
    await until(() => toUnit(1) >= live + 20, 10_000, '20 more polls of the live unit');
    // Polled in every cycle, unit 2 would cost 150 ms each time: unit 1 would get about one read per 200 ms, and 20
    // reads would send unit 2 about 20 more requests. Slowly polled, it gets at most the probes of its retry interval.
    expect(toUnit(2) - gateway).toBeLessThanOrEqual(2);
    expect(h.samples.filter((s) => s.signalId === 1).at(-1)?.quality).toBe(Quality.bad);
    expect(h.lost).toEqual([]);
  });

  it('a gateway answering 11 for every unit it serves is up: its units go to slow polling, the link is not dropped', async () => {
    const server = new FaultServer({ framing: 'mbap', units: [1], fault: () => ({ exception: 11, delayMs: 20 }) });
    await server.listen(0);
    servers.push(server);
    const h = harness(connectionFor('mbap', server.port), bindings({ a: { address: 'holding:0', type: 'uint16', scanClass: 'fast' } }, 1), { fast: 50 });
    await h.driver.connect();
    closers.push(() => h.driver.close());
    await h.driver.start();
    await until(() => h.driver.stats().deadUnits.includes(1), 5000, 'unit 1 called dead');
    const seen = server.seen.length;
    await until(() => server.seen.length >= seen + 1, 5000, 'its slow poll'); // the first retry, a second later
    expect(h.lost).toEqual([]);
    expect(h.degraded.at(-1)).toMatchObject({ code: 'modbus-unit-silent' });
  });
});
