/** RTU over a real serial line: a socat PTY pair with the pymodbus RTU server on one end, our driver on the other. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { main } from '../../../main/cli/main';
import { requireTools } from '../../support/system-tools';
import { startPymodbus, type PymodbusServer } from '../../support/pymodbus';
import { startPtyPair, type PtyPair } from '../../support/pty-pair';
import { addressOf, knownImage } from '../../support/modbus-image';
import { bindings, harness, modbusConnection, until } from '../../support/modbus-driver-harness';
import { FaultServer } from '../../support/fault-server';
import { SerialPort } from 'serialport';

const skip = requireTools('pymodbus', 'socat');
const image = knownImage().filter((e) => e.order === 'CDAB' || e.table !== 'holding' || e.address >= 100);

describe.skipIf(skip)('serial RTU through a socat PTY pair', () => {
  let pty: PtyPair;
  let server: PymodbusServer;

  beforeAll(async () => {
    pty = await startPtyPair();
    server = await startPymodbus({ mode: 'serial', device: pty.peer, baud: 38400, image, units: [1, 2] });
  });
  afterAll(async () => {
    await server?.close();
    await pty?.close();
  });

  const connection = () => modbusConnection({ protocol: 'modbus-rtu', path: pty.device, baudRate: 38400, parity: 'none', timeoutMs: 500 });

  it('scans two unit ids on one line and reads every value exactly', async () => {
    const tags = Object.fromEntries(image.map((e, i) => [`t${i}`, { address: addressOf(e), type: e.type, order: e.order, scanClass: 'fast', ...(e.length ? { length: e.length } : {}) }]));
    const unit1 = bindings(tags, 1);
    const unit2 = bindings(tags, 2).map((b) => ({ ...b, signalId: b.signalId + 1000 }));
    const h = harness(connection(), [...unit1, ...unit2]);
    await h.driver.connect();
    try {
      await h.driver.start();
      await until(() => h.latest().size === 2 * image.length, 10_000, 'samples from both units');
      for (const [i, entry] of image.entries()) {
        const expected = entry.expected; // 64-bit integers stay exact (bigint) through the scan
        for (const id of [i, i + 1000]) {
          expect(h.latest().get(id), `${id} ${addressOf(entry)} ${entry.type} ${entry.order}`).toMatchObject({ quality: Quality.good, value: expected });
        }
      }
      for (const entry of image) {
        const [raw] = await h.driver.readRaw({ unitId: 2, address: addressOf(entry), type: entry.type, order: entry.order, ...(entry.length ? { count: entry.length } : {}) });
        expect(raw?.value, `${addressOf(entry)} ${entry.type} ${entry.order}`).toEqual(entry.expected);
      }
      await h.driver.UNSAFE_writeRaw({ unitId: 2, address: 'holding:300', type: 'float64', order: 'DCBA', value: 6.02214076e23 });
      expect((await h.driver.readRaw({ unitId: 2, address: 'holding:300', type: 'float64', order: 'DCBA' }))[0]?.value).toBe(6.02214076e23);
      expect(h.lost).toEqual([]);
    } finally {
      // Leave the line quiet for the next test: a scan read still in flight at close is answered after it, and on a
      // loaded machine pymodbus can answer so late that the reply lands after the next test's first request (a stray
      // frame there fails that request as a mismatch, as it should). A raw read queues behind the read in flight.
      h.driver.scanner.stop();
      await h.driver.readRaw({ unitId: 1, address: 'holding:20', type: 'int16' }).catch(() => undefined);
      await h.driver.close();
    }
  });

  it('a unit that does not answer times out, is drained, and the next request gets its own answer', async () => {
    const h = harness(connection());
    await h.driver.connect();
    try {
      await expect(h.driver.readRaw({ unitId: 9, address: 'holding:20', type: 'int16' })).rejects.toMatchObject({ kind: 'timeout', code: 'modbus-timeout' });
      expect((await h.driver.readRaw({ unitId: 1, address: 'holding:20', type: 'int16' }))[0]?.value).toBe(-12345);
    } finally {
      await h.driver.close();
    }
  });

  it('the CLI reads over the serial URL', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['read', `modbus-rtu://${pty.device}?baud=38400&parity=none&unit=1`, 'holding:26', '--type', 'float32', '--order', 'CDAB'], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toEqual(['holding:26 -3.14159']);
  });
});

describe.skipIf(requireTools('socat'))('serial RTU faults through a socat PTY pair', () => {
  it('a reply delayed past the timeout is drained, never taken as the answer to the next request', async () => {
    const line = await startPtyPair();
    const server = new FaultServer({ framing: 'rtu', fault: (_r, i) => (i === 0 ? { delayMs: 300 } : i === 1 ? { delayMs: 150 } : i === 2 ? 'garbage' : 'ok') });
    server.holding.get(1)?.set([111, 222, 333, 444]);
    const devicePort = new SerialPort({ path: line.peer, baudRate: 38400 });
    await new Promise<void>((resolve, reject) => devicePort.once('open', resolve).once('error', reject));
    server.accept(devicePort);
    const h = harness(modbusConnection({ protocol: 'modbus-rtu', path: line.device, baudRate: 38400, parity: 'none', timeoutMs: 200 }));
    try {
      await h.driver.connect();
      const read = (a: number) => h.driver.readRaw({ address: `holding:${a}` }).then((v) => v[0]?.value);
      await expect(read(0)).rejects.toMatchObject({ kind: 'timeout' });
      // Without the drain, request 1 (answered after 150 ms) would be pending when the late 111 lands, and take it.
      expect(await read(1)).toBe(222);
      await expect(read(2)).rejects.toMatchObject({ kind: 'bad-response' });
      expect(await read(3)).toBe(444);
    } finally {
      await h.driver.close();
      await new Promise<void>((resolve) => devicePort.close(() => resolve()));
      await server.close();
      await line.close();
    }
  });
});
