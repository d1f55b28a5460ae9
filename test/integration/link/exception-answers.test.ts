/**
 * A device that answers every request with an exception (6, busy; 2, an address it does not have) still answers: the
 * link is alive, its round trip is measured from those answers, and the link monitor never calls it silent. Before,
 * only good replies counted: every probe failed, the values went stale, and the link was reconnected every few
 * seconds, ending control and jogs. A gateway's 10 or 11 says the unit behind it is silent and is not counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LinkMonitor } from '../../../main/engine/link/link-monitor';
import { FaultServer } from '../../support/fault-server';
import { harness, modbusConnection, until } from '../../support/modbus-driver-harness';

const THRESHOLDS = { rttDegradedMs: 50, rttUnsafeMs: 150, jitterDegradedMs: 20, lossDegradedPct: 1, lossUnsafePct: 5, survivalMs: 500 };
let server: FaultServer | undefined;
afterEach(async () => server?.close());

/** Probes `exception`-answering device 8 times through the link monitor; what it concluded. */
async function probeDeviceAnswering(exception: number) {
  server = new FaultServer({ framing: 'mbap', units: [1], fault: () => ({ exception }) });
  await server.listen(0);
  const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 300 }));
  await h.driver.connect();
  const silent: boolean[] = [];
  const monitor = new LinkMonitor({
    connectionId: 'c',
    equipment: [{ id: 'eq', thresholds: THRESHOLDS }],
    probe: { periodMs: 50, timeoutMs: 300 },
    activeDriver: () => h.driver,
    onSilent: (s) => silent.push(s),
    onQuality: () => undefined,
  });
  try {
    monitor.connectionChanged(true);
    monitor.start();
    await until(() => monitor.counters.probes >= 8, 10_000, 'eight probes');
    return { silent, answered: monitor.counters.answered, rtts: h.rtts.length };
  } finally {
    monitor.stop();
    await h.driver.close();
  }
}

describe('a device answering with exceptions', () => {
  it.each([6, 2])('exception %i: the link answers, its round trip is measured, never silent', async (exception) => {
    const { silent, answered, rtts } = await probeDeviceAnswering(exception);
    expect(silent).toEqual([]);
    expect(answered).toBeGreaterThanOrEqual(7); // the last may still be on its way
    expect(rtts).toBeGreaterThanOrEqual(7);
  });

  it("a gateway's 11 (the unit behind it silent) is no answer of the device", async () => {
    const { answered, rtts } = await probeDeviceAnswering(11);
    expect(answered).toBe(0);
    expect(rtts).toBe(0);
  });
});
