/**
 * Each check that a reply fits its request, against a device that forges well-formed replies (valid CRC):
 * another unit id, another function code, a wrong byte count, a write echo with the wrong address, value or
 * quantity. Every one must fail the request with our named error — never pass as an answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FaultServer, type Fault } from '../../support/fault-server';
import { harness, modbusConnection } from '../../support/modbus-driver-harness';

let server: FaultServer | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  await server?.close();
  server = undefined;
  close = undefined;
});

async function driverFor(framing: 'rtu' | 'mbap', fault: Fault) {
  server = new FaultServer({ framing, fault: (_r, i) => (i === 0 ? fault : 'ok') });
  server.holding.get(1)?.set([1111, 2222, 3333]);
  const port = await server.listen(0);
  const h = harness(modbusConnection({ protocol: framing === 'rtu' ? 'modbus-rtu-tcp' : 'modbus-tcp', host: '127.0.0.1', port, timeoutMs: 1000 }));
  await h.driver.connect();
  close = () => h.driver.close();
  return h.driver;
}

/** Rewrites bytes of a reply PDU (function code at 0, then data). */
const patch = (at: number, bytes: number[]) => (pdu: Buffer) => {
  const out = Buffer.from(pdu);
  bytes.forEach((b, i) => (out[at + i] = b));
  return out;
};

describe('RTU over TCP: a reply must fit its read', () => {
  it('a reply from another unit id is refused', async () => {
    const driver = await driverFor('rtu', { forge: { unitId: 2 } });
    await expect(driver.readRaw({ address: 'holding:0' })).rejects.toMatchObject({ code: 'modbus-reply-mismatch', message: expect.stringContaining('unit 2, expected unit 1') });
    expect((await driver.readRaw({ address: 'holding:1' }))[0]?.value).toBe(2222);
  });

  it('a reply with another (non-exception) function code is refused', async () => {
    const driver = await driverFor('rtu', { forge: { pdu: patch(0, [4]) } });
    await expect(driver.readRaw({ address: 'holding:0' })).rejects.toMatchObject({ code: 'modbus-reply-mismatch', message: expect.stringContaining('function code 4, expected 3') });
    expect((await driver.readRaw({ address: 'holding:2' }))[0]?.value).toBe(3333);
  });

  it('a read reply with the wrong byte count is refused at once (no wait for a timeout)', async () => {
    // Two registers asked, one answered: the byte count says 2, not 4.
    const driver = await driverFor('rtu', { forge: { pdu: (pdu) => Buffer.from([3, 2, pdu[2] ?? 0, pdu[3] ?? 0]) } });
    await expect(driver.readRaw({ address: 'holding:0', count: 2 })).rejects.toMatchObject({ code: 'modbus-reply-mismatch', message: expect.stringContaining('2 data bytes, expected 4') });
  });
});

for (const framing of ['rtu', 'mbap'] as const) {
  describe(`${framing === 'rtu' ? 'RTU over TCP' : 'Modbus TCP'}: a write's echo must match what was written`, () => {
    const cases: [string, Fault, string, number[]][] = [
      ['FC6 echo with another address', { forge: { pdu: patch(1, [0, 9]) } }, 'holding:5', [77]],
      ['FC6 echo with another value', { forge: { pdu: patch(3, [0, 78]) } }, 'holding:5', [77]],
      ['FC16 echo with another address', { forge: { pdu: patch(1, [0, 9]) } }, 'holding:5', [77, 88]],
      ['FC16 echo with another quantity', { forge: { pdu: patch(3, [0, 1]) } }, 'holding:5', [77, 88]],
    ];
    for (const [name, fault, address, registers] of cases) {
      it(`${name}: the write fails`, async () => {
        const driver = await driverFor(framing, fault);
        const write = registers.length === 1 ? driver.UNSAFE_writeRaw({ address, value: registers[0] as number }) : driver.UNSAFE_writeRaw({ address, type: 'uint32', value: (registers[0] as number) * 65536 + (registers[1] as number) });
        await expect(write).rejects.toMatchObject({ kind: 'bad-response', code: 'modbus-echo-mismatch' });
      });
    }
  });
}
