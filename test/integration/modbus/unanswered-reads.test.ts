/**
 * A scan read that gets no answer (a timeout) says nothing about the values it asked for, only that they were not
 * confirmed: they keep their last reading, flagged stale, as the link monitor makes them once it calls the link
 * silent. Before, they went bad (NaN) at the first timeout, so the stale value that followed showed no number. A
 * read the device answers with an exception still makes its values bad, and so does a unit that has been declared
 * dead (its reads skipped, a probe read now and then): its values stay bad, not flipping to stale at each probe.
 * Real socket device on loopback.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { FaultServer, type Fault } from '../../support/fault-server';
import { bindings, harness, modbusConnection, until } from '../../support/modbus-driver-harness';

/** How the device treats reads of holding 100 (the other block always answers). */
let block100: Fault = 'ok';
const device = new FaultServer({ framing: 'mbap', units: [1], fault: (r) => (r.address === 100 ? block100 : 'ok') });
beforeAll(async () => {
  await device.listen(0);
  device.holding.get(1)?.set([7], 0);
  device.holding.get(1)?.set([42], 100);
});
afterAll(async () => device.close());

it('keeps the last value of an unanswered read, flagged stale; an exception still makes it bad', async () => {
  const tags = { a: { address: 'holding:0', type: 'uint16', scanClass: 'fast' }, b: { address: 'holding:100', type: 'uint16', scanClass: 'fast' } } as const;
  const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: device.port, timeoutMs: 200 }), bindings(tags), { fast: 50 });
  const last = (id: number) => h.latest().get(id);
  try {
    await h.driver.connect();
    await h.driver.start();
    await until(() => last(1)?.quality === Quality.good && last(1)?.value === 42, 5000, 'the first reading');
    block100 = { delayMs: 1000 }; // answered after the read's timeout: no answer in time
    const from = h.samples.length;
    await until(() => h.samples.slice(from).some((s) => s.signalId === 1 && s.quality !== Quality.good), 5000, 'the unanswered read');
    const after = h.samples.slice(from).filter((s) => s.signalId === 1);
    // A stale marker (NaN: the store keeps the last value), never bad; the other block goes on answering.
    expect(after.every((s) => s.quality === Quality.stale && Number.isNaN(s.value))).toBe(true);
    expect(last(0)?.quality).toBe(Quality.good);
    block100 = { exception: 4 }; // the device answers: it cannot read that block
    const fromException = h.samples.length;
    await until(() => h.samples.slice(fromException).some((s) => s.signalId === 1 && s.quality === Quality.bad), 5000, 'the exception');
    block100 = 'ok';
    await until(() => last(1)?.quality === Quality.good && last(1)?.value === 42, 5000, 'the reading back');
  } finally {
    await h.driver.close();
  }
});

it('keeps a dead unit’s values bad: its probe reads timing out do not flip them to stale and back', async () => {
  // Unit 1 answers; unit 2 is not on the line. Two timeouts in a row declare it dead, then it is probed now and then.
  const tags = [...bindings({ a: { address: 'holding:0', type: 'uint16', scanClass: 'fast' } }), ...bindings({ c: { address: 'holding:0', type: 'uint16', scanClass: 'fast' } }, 2).map((b) => ({ ...b, signalId: 1 }))];
  const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: device.port, timeoutMs: 150 }), tags, { fast: 50 }, { unitHealth: { deadAfter: 2, retryInitialMs: 200, retryMaxMs: 200 } });
  try {
    await h.driver.connect();
    await h.driver.start();
    const ofUnit2 = () => h.samples.filter((s) => s.signalId === 1).map((s) => s.quality);
    await until(() => ofUnit2().includes(Quality.bad), 5000, 'unit 2 declared dead');
    const firstBad = ofUnit2().indexOf(Quality.bad);
    // Several probes later (one every 200 ms, each timing out after 150): still bad, never stale again.
    await until(() => ofUnit2().length >= firstBad + 8, 10_000, 'more cycles of the dead unit');
    expect(ofUnit2().slice(firstBad)).toEqual(Array(ofUnit2().length - firstBad).fill(Quality.bad));
    expect(ofUnit2().slice(0, firstBad).every((q) => q === Quality.stale)).toBe(true); // the timeouts before it was dead
    expect(h.latest().get(0)?.quality).toBe(Quality.good);
  } finally {
    await h.driver.close();
  }
});
