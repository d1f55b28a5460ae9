/** Skipped scan cycles are a per-connection figure: a device slower than its scan period shows them in connections.list. */
import { afterEach, describe, expect, it } from 'vitest';
import { FaultServer } from '../../support/fault-server';
import { until } from '../../support/modbus-driver-harness';
import { modbusSite, startModbusEngine } from '../../support/modbus-engine';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('scan figures per connection', () => {
  it('counts cycles skipped because the previous one was still running, and shows them per scan class', async () => {
    const server = new FaultServer({ framing: 'mbap', fault: () => ({ delayMs: 120 }) }); // each answer takes longer than the 50 ms period
    await server.listen(0);
    cleanups.push(() => server.close());
    const site = modbusSite(
      { protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 1000 },
      { level: { address: 'holding:5', type: 'uint16', scanClass: 'fast' }, far: { address: 'holding:900', type: 'uint16', scanClass: 'slow' } },
      { fast: { periodMs: 50 }, slow: { periodMs: 5000 } },
    );
    const h = await startModbusEngine(site, false);
    cleanups.push(() => h.stop());
    await until(() => (h.engine.supervisors.get('plc')?.status.scan?.fast?.skippedCycles ?? 0) >= 3, 10_000, 'skipped cycles counted');
    const [status] = (await h.client.request('connections.list', {})).connections; // through the contract's schema
    expect(status?.scan?.fast).toMatchObject({ periodMs: 50, requestsPerCycle: 1 });
    expect(status?.scan?.fast?.skippedCycles).toBeGreaterThanOrEqual(3);
    expect(status?.scan?.fast?.cycles).toBeGreaterThan(0);
    // Every read of the slow device is answered, late: the answers follow the cycles run (one read each).
    expect(status?.scan?.fast?.answered).toBeGreaterThanOrEqual((status?.scan?.fast?.cycles ?? 0) - 1);
    expect(status?.scan?.slow).toMatchObject({ periodMs: 5000, requestsPerCycle: 1, skippedCycles: 0 });
  });

  it('a device that answers only after the timeout: nothing counted as answered, and the figures never go back across reconnects', async () => {
    const server = new FaultServer({ framing: 'mbap', fault: () => ({ delayMs: 400 }) }); // past the 100 ms timeout, every time
    await server.listen(0);
    cleanups.push(() => server.close());
    const site = modbusSite({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 100 }, { late: { address: 'holding:5', type: 'uint16', scanClass: 'fast' } }, { fast: { periodMs: 50 } });
    const h = await startModbusEngine(site, false);
    cleanups.push(() => h.stop());
    const reconnects = () => h.log.entries.filter((e) => e.code === 'modbus.connected').length;
    const seen: { cycles: number; skippedCycles: number; answered: number; beside: number }[] = [];
    await until(
      () => {
        const status = h.engine.supervisors.get('plc')?.status;
        const fast = status?.scan?.fast;
        if (fast) seen.push({ ...fast, beside: status?.requestsBesideScan ?? -1 });
        return reconnects() >= 3 && seen.length >= 10;
      },
      15_000,
      'three connections made, each given up for want of answers',
    );
    for (let i = 1; i < seen.length; i++) {
      const [before, now] = [seen[i - 1], seen[i]] as [(typeof seen)[number], (typeof seen)[number]];
      expect(now.cycles + now.skippedCycles).toBeGreaterThanOrEqual(before.cycles + before.skippedCycles);
      expect(now.beside).toBeGreaterThanOrEqual(before.beside); // the link monitor's own probes, across drivers too
    }
    expect(seen.at(-1)?.cycles).toBeGreaterThanOrEqual(3);
    expect(seen.every((f) => f.answered === 0)).toBe(true);
  });

  it('counts a Modbus exception as answered: the request and its reply went over the link', async () => {
    const server = new FaultServer({ framing: 'mbap', fault: () => ({ exception: 4 }) }); // server device failure
    await server.listen(0);
    cleanups.push(() => server.close());
    const site = modbusSite({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 1000 }, { failing: { address: 'holding:7', type: 'uint16', scanClass: 'fast' } }, { fast: { periodMs: 50 } });
    const h = await startModbusEngine(site, false);
    cleanups.push(() => h.stop());
    // Waited for, not read once after the server saw some requests: the link monitor's own probes are among them.
    await until(() => (h.engine.supervisors.get('plc')?.status.scan?.fast?.answered ?? 0) >= 3, 10_000, 'three scan reads answered with an exception, counted as answered');
    expect(server.seen.length).toBeGreaterThanOrEqual(3);
  });

  it('counts the requests that shared the link beside the scan (maintenance reads here), in connections.list', async () => {
    const server = new FaultServer({ framing: 'mbap' });
    await server.listen(0);
    cleanups.push(() => server.close());
    const site = modbusSite({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 1000 }, { level: { address: 'holding:5', type: 'uint16', scanClass: 'slow' } }, { slow: { periodMs: 5000 } });
    const h = await startModbusEngine(site, false);
    cleanups.push(() => h.stop());
    await until(() => h.engine.supervisors.get('plc')?.status.state === 'connected', 10_000, 'connected');
    const before = (await h.client.request('connections.list', {})).connections[0]?.requestsBesideScan ?? Number.NaN;
    for (let i = 0; i < 5; i++) await h.engine.services.maintenance.modbusRead('plc', { address: 'holding:5', count: 1 });
    const after = (await h.client.request('connections.list', {})).connections[0]?.requestsBesideScan ?? Number.NaN;
    expect(after - before).toBeGreaterThanOrEqual(5); // and the link monitor's probes sent on their own, if any
    expect(after - before).toBeLessThan(5 + 10);
  });
});
