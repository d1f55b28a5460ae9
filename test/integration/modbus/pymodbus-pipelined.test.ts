/**
 * Several requests in flight on Modbus TCP (site `maxInFlight`) against an independent device: pymodbus answers
 * pipelined requests in order, and modbus-serial must pair each reply with its request by transaction id. Every
 * tag of a known image (five reads a cycle, in four tables) must come out exact while raw reads run beside the scan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { requireTools } from '../../support/system-tools';
import { startPymodbus, type PymodbusServer } from '../../support/pymodbus';
import { addressOf, knownImage } from '../../support/modbus-image';
import { bindings, harness, modbusConnection, until } from '../../support/modbus-driver-harness';

const skip = requireTools('pymodbus');
const image = knownImage();

describe.skipIf(skip)('pymodbus device: pipelined requests', () => {
  let server: PymodbusServer;

  beforeAll(async () => {
    server = await startPymodbus({ mode: 'tcp', image });
  });
  afterAll(async () => server?.close());

  it('pairs every reply with its request: exact values from pipelined scan reads and raw reads beside them', async () => {
    const tags = Object.fromEntries(
      image.map((e, i) => [`t${i}`, { address: addressOf(e), type: e.type, order: e.order, scanClass: 'fast', ...(e.length ? { length: e.length } : {}) }]),
    );
    const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port, maxInFlight: 4 }), bindings(tags), { fast: 20 });
    try {
      expect(h.driver.scanner.stats.get('fast')?.requestsPerCycle).toBe(5);
      await h.driver.connect();
      await h.driver.start();
      // Raw reads of every entry while the scan runs, eight queued at a time (the maintenance lane holds 16): they
      // take the fourth slot, beside three scan reads.
      const raw: Awaited<ReturnType<typeof h.driver.readRaw>>[] = [];
      for (let from = 0; from < image.length; from += 8) {
        const batch = image.slice(from, from + 8).map((entry) => h.driver.readRaw({ address: addressOf(entry), type: entry.type, order: entry.order, ...(entry.length ? { count: entry.length } : {}) }));
        raw.push(...(await Promise.all(batch)));
      }
      image.forEach((entry, i) => expect(raw[i]?.[0]?.value, `raw ${addressOf(entry)} ${entry.type} ${entry.order}`).toEqual(entry.expected));
      await until(() => (h.driver.scanner.stats.get('fast')?.cycles ?? 0) >= 20 && h.latest().size === image.length, 10_000, '20 scan cycles and a sample of every tag');
      const latest = h.latest();
      image.forEach((entry, i) => {
        const sample = latest.get(i);
        expect(sample?.quality, `${addressOf(entry)} ${entry.type} ${entry.order}`).toBe(Quality.good);
        expect(sample?.value, `${addressOf(entry)} ${entry.type} ${entry.order}`).toEqual(entry.expected);
      });
      // Every sample the scan emitted was exact, not only the latest: a mispaired reply would show another block's words.
      const wrong = h.samples.filter((s) => s.quality !== Quality.good || JSON.stringify(s.value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) !== JSON.stringify(image[s.signalId]?.expected, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
      expect(wrong).toEqual([]);
      const stats = h.driver.stats();
      expect(stats.maxInFlight).toBe(4);
      expect(stats.maxInFlightSeen).toBeGreaterThan(1);
      expect(stats.maxInFlightSeen).toBeLessThanOrEqual(4);
      expect(stats).toMatchObject({ errors: 0, timeouts: 0, resyncs: 0 });
      expect(h.lost).toEqual([]);
    } finally {
      await h.driver.close();
    }
  });
});
