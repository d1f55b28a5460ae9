/**
 * The engine end to end on Modbus: 1000 concurrent maintenance reads on one RTU-over-TCP link (pymodbus with the
 * RTU framer), learning holes (exception 2 on part of a block), and a device killed mid-scan and restarted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { requireTools } from '../../support/system-tools';
import { startPymodbus, type ImageEntry, type PymodbusServer } from '../../support/pymodbus';
import { FaultServer } from '../../support/fault-server';
import { modbusSite, startModbusEngine } from '../../support/modbus-engine';
import { until } from '../../support/modbus-driver-harness';
import type { ModbusDriver } from '../../../main/engine/drivers/modbus';

const skip = requireTools('pymodbus');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<T extends { close(): Promise<void> } | { stop(): Promise<void> }>(thing: T): T {
  cleanups.push(() => ('close' in thing ? thing.close() : thing.stop()));
  return thing;
}

describe.skipIf(skip)('engine on pymodbus', () => {
  it('answers 1000 modbus.read requests on one RTU-over-TCP link, each with its own data; a burst beyond the caps gets busy', async () => {
    const image: ImageEntry[] = Array.from({ length: 1000 }, (_, i) => ({ table: 'holding', address: i, type: 'uint16', value: (i * 37 + 11) % 65536 }));
    const server: PymodbusServer = track(await startPymodbus({ mode: 'rtu-tcp', image }));
    const site = modbusSite({ protocol: 'modbus-rtu-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 2000 }, { level: { address: 'holding:5', type: 'uint16', scanClass: 'fast' } });
    const h = track(await startModbusEngine(site));
    await until(() => h.engine.supervisors.get('plc')?.status.state === 'connected', 10_000, 'connected');
    const expected = (i: number) => [{ address: `holding:${i}`, value: (i * 37 + 11) % 65536 }];
    // 16 at a time: as many as the link's maintenance lane holds, so none is refused.
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < 1000; i = next++) expect((await h.client.request('modbus.read', { connectionId: 'plc', address: `holding:${i}`, type: 'uint16' })).values).toEqual(expected(i));
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    // 200 at once: beyond the per-client cap (32 in flight) and the lane's bound (16 waiting) the answer is busy, at once.
    const burst = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => h.client.request('modbus.read', { connectionId: 'plc', address: `holding:${i}`, type: 'uint16' })));
    const answered = burst.flatMap((r, i) => (r.status === 'fulfilled' ? [[r.value.values, expected(i)]] : []));
    const busy = burst.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code: string }] : []));
    for (const [got, want] of answered) expect(got).toEqual(want);
    expect(answered.length).toBeGreaterThanOrEqual(16);
    expect(busy.length).toBeGreaterThanOrEqual(200 - 32);
    expect(new Set(busy.map((e) => e.code))).toEqual(new Set(['busy']));
    expect(h.engine.store.get(0)).toMatchObject({ value: 196, quality: Quality.good }); // the scan kept running alongside
    await h.client.request('modbus.write', { connectionId: 'plc', address: 'holding:900', type: 'int64', order: 'CDAB', value: '-9223372036854775808' });
    const back = await h.client.request('modbus.read', { connectionId: 'plc', address: 'holding:900', type: 'int64', order: 'CDAB' });
    expect(back.values).toEqual([{ address: 'holding:900', value: '-9223372036854775808' }]);
    const refused = await h.client.request('modbus.write', { connectionId: 'plc', address: 'holding:0', type: 'uint16', value: -1 }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'bad-request', message: expect.stringContaining('out of range for uint16') });
    const unknown = await h.client.request('modbus.read', { connectionId: 'nope', address: 'holding:0' }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'not-found' });
    expect(h.engine.supervisors.get('plc')?.status.state).toBe('connected');
  });

  it('splits a block that answers exception 2, reports the hole and keeps every other tag good', async () => {
    const image: ImageEntry[] = [0, 1, 2, 3, 4, 5].map((a) => ({ table: 'holding', address: a, type: 'uint16', value: 100 + a }));
    const server = track(await startPymodbus({ mode: 'tcp', image, holes: [3, 4] }));
    const tags = {
      a: { address: 'holding:0', type: 'uint16', scanClass: 'fast' },
      b: { address: 'holding:1', type: 'uint16', scanClass: 'fast' },
      hole: { address: 'holding:3', type: 'uint16', scanClass: 'fast' },
      c: { address: 'holding:5', type: 'uint16', scanClass: 'fast' },
    };
    const h = track(await startModbusEngine(modbusSite({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port }, tags)));
    await until(() => [0, 1, 3].every((id) => h.engine.store.get(id)?.quality === Quality.good) && h.engine.store.get(2)?.quality === Quality.bad, 10_000, 'hole learned');
    expect([0, 1, 3].map((id) => h.engine.store.get(id)?.value)).toEqual([100, 101, 105]);
    expect(h.log.entries.filter((e) => e.code === 'modbus.hole').map((e) => e.message)).toEqual([expect.stringContaining('eq1.hole (holding:3, unit 1)')]);
    const reply = await h.client.request('modbus.read', { connectionId: 'plc', address: 'holding:3' }).catch((e: unknown) => e);
    expect(reply).toMatchObject({ code: 'device-error', details: { code: 'modbus-exception-2', request: { address: 3, functionCode: 3 } } });
    // After learning, the plan is [0..1], [3] alone, [5] (2 and 4 were never proven readable, so never bridged).
    const driver = h.engine.supervisors.get('plc')?.activeDriver as ModbusDriver;
    expect(driver.scanner.currentPlan.map((r) => [r.start, r.count])).toEqual([[0, 2], [3, 1], [5, 1]]);
  });
});

describe('engine with a device killed mid-scan', () => {
  it('goes stale, reconnects with backoff when the device returns, and reads the new values', async () => {
    const server = new FaultServer({ framing: 'mbap' });
    server.holding.get(1)?.set([10, 20]);
    await server.listen(0);
    cleanups.push(() => server.close());
    const tags = { x: { address: 'holding:0', type: 'uint16', scanClass: 'fast' }, y: { address: 'holding:1', type: 'int16', scale: 0.5, scanClass: 'fast' } };
    const h = track(await startModbusEngine(modbusSite({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 300 }, tags)));
    await until(() => h.engine.store.get(1)?.value === 10 && h.engine.store.get(1)?.quality === Quality.good, 5000, 'first values');
    await server.close();
    await until(() => h.states.some((s) => s.state === 'backoff'), 5000, 'backoff after the kill');
    await until(() => h.engine.store.get(0)?.quality === Quality.stale, 5000, 'stale values');
    expect(h.engine.store.get(0)?.value).toBe(10); // last known value kept, flagged stale — never a made-up one
    server.holding.get(1)?.set([11, 30]);
    await server.listen(server.port);
    await until(() => h.engine.store.get(1)?.value === 15 && h.engine.store.get(0)?.quality === Quality.good, 10_000, 'fresh values after restart');
    expect(h.engine.store.get(0)?.value).toBe(11);
    const states = h.states.map((s) => s.state);
    expect(states.slice(states.lastIndexOf('backoff'))).toContain('connected');
  });
});

describe('engine with a gateway whose device goes silent', () => {
  it('hands the link back to the supervisor when every unit is silent, and recovers when it answers again', async () => {
    let silent = false;
    const server = new FaultServer({ framing: 'rtu', fault: () => (silent ? 'silent' : 'ok') });
    server.holding.get(1)?.set([42]);
    await server.listen(0);
    cleanups.push(() => server.close());
    const tags = { x: { address: 'holding:0', type: 'uint16', scanClass: 'fast' } };
    const h = track(await startModbusEngine(modbusSite({ protocol: 'modbus-rtu-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 200 }, tags)));
    await until(() => h.engine.store.get(0)?.value === 42, 5000, 'first value');
    silent = true; // the TCP link to the gateway stays up; the device behind it stops answering
    await until(() => h.states.some((s) => s.state === 'backoff' && s.reason?.details?.code === 'modbus-all-units-silent'), 10_000, 'backoff: all units silent');
    expect(h.engine.store.get(0)?.quality).toBe(Quality.stale); // after its bad (NaN) samples: never shown as live
    server.holding.get(1)?.set([43]);
    silent = false;
    await until(() => h.engine.store.get(0)?.value === 43 && h.engine.store.get(0)?.quality === Quality.good, 10_000, 'fresh value');
  });
});
