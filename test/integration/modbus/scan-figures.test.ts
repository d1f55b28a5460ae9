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
    expect(status?.scan?.slow).toMatchObject({ periodMs: 5000, requestsPerCycle: 1, skippedCycles: 0 });
  });
});
