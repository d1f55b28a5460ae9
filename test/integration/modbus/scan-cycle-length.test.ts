/**
 * How long a scan class's cycles take on the link now (Scanner.recentCycleMs): the gate's age limit for a polled
 * interlock input on a link slower than the plan needs (safety/interlocks.ts). A device that answers each read
 * `DELAY_MS` late, four reads a cycle, a 20 ms period: each cycle lasts at least four answers, longer than the
 * period, and the figure says so; once the device answers at once, the figure falls back as new cycles replace the
 * slow ones. Real socket device on loopback, real driver.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RECENT_CYCLES } from '../../../main/engine/drivers/modbus/scanner';
import { FaultServer } from '../../support/fault-server';
import { bindings, harness, modbusConnection, until } from '../../support/modbus-driver-harness';

const DELAY_MS = 25;
let slow = true;
const device = new FaultServer({ framing: 'mbap', units: [1], fault: () => (slow ? { delayMs: DELAY_MS } : 'ok') });
beforeAll(async () => {
  await device.listen(0);
});
afterAll(async () => device.close());

it('is as long as the class’s recent cycles on this link, and follows the link when it speeds up', async () => {
  // Four blocks far apart: four reads a cycle, one at a time.
  const tags = Object.fromEntries([0, 100, 200, 300].map((a) => [`r${a}`, { address: `holding:${a}`, type: 'uint16' as const, scanClass: 'fast' }]));
  const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: device.port, timeoutMs: 1000 }), bindings(tags), { fast: 20 });
  try {
    expect(h.driver.recentCycleMs('fast')).toBeUndefined(); // no cycle has ended yet
    await h.driver.connect();
    await h.driver.start();
    const cycles = () => h.driver.scanner.stats.get('fast')?.cycles ?? 0;
    await until(() => cycles() >= 3, 10_000, 'three cycles');
    expect(h.driver.recentCycleMs('fast')).toBeGreaterThanOrEqual(4 * DELAY_MS);
    expect(h.driver.recentCycleMs('unknown-class')).toBeUndefined();
    slow = false;
    // Once RECENT_CYCLES quick cycles have replaced the slow ones, the figure is below one slow answer.
    await until(() => (h.driver.recentCycleMs('fast') ?? Infinity) < DELAY_MS, 10_000, 'quick cycles only');
    expect(cycles()).toBeGreaterThanOrEqual(3 + RECENT_CYCLES);
  } finally {
    await h.driver.close();
  }
});
