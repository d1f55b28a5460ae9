/**
 * 64-bit Modbus values exact end to end, through the engine contract against an independent device (pymodbus):
 * int64 −2^63 / 2^63−1 and uint64 2^64−1 in every word order, read by scan (telemetry) and by `modbus.read`,
 * written by `modbus.write` as decimal text and checked register by register; imprecise input refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORD_ORDERS, type WordOrder } from '../../../shared/site/data-types';
import { requireTools } from '../../support/system-tools';
import { startPymodbus, type ImageEntry, type PymodbusServer } from '../../support/pymodbus';
import { modbusSite, startModbusEngine } from '../../support/modbus-engine';
import { until } from '../../support/modbus-driver-harness';

const skip = requireTools('pymodbus');
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Registers of `value` (64-bit two's complement) in wire order, worked out by hand from the order's definition. */
function wireImage(value: bigint, order: WordOrder): number[] {
  const bits = BigInt.asUintN(64, value);
  const words = [48n, 32n, 16n, 0n].map((shift) => Number((bits >> shift) & 0xffffn)); // ABCD: most significant first
  const swap = (w: number) => ((w & 0xff) << 8) | (w >> 8);
  if (order === 'ABCD') return words;
  if (order === 'CDAB') return [...words].reverse();
  if (order === 'BADC') return words.map(swap);
  return [...words].reverse().map(swap); // DCBA
}

/** Per order: int64 −2^63 at 8k, uint64 2^64−1 at 8k+4 (pymodbus encodes them with its own payload builder). */
const image: ImageEntry[] = WORD_ORDERS.flatMap((order, k) => [
  { table: 'holding' as const, address: 8 * k, type: 'int64', order, value: INT64_MIN.toString() },
  { table: 'holding' as const, address: 8 * k + 4, type: 'uint64', order, value: UINT64_MAX.toString() },
]);

describe.skipIf(skip)('Modbus 64-bit value table (pymodbus, engine contract)', () => {
  let server: PymodbusServer;
  let h: Awaited<ReturnType<typeof startModbusEngine>>;

  beforeAll(async () => {
    server = await startPymodbus({ mode: 'tcp', image });
    const tags = Object.fromEntries(
      WORD_ORDERS.flatMap((order, k) => [
        [`i64${order}`, { address: `holding:${8 * k}`, type: 'int64', order, scanClass: 'fast' }],
        [`u64${order}`, { address: `holding:${8 * k + 4}`, type: 'uint64', order, scanClass: 'fast' }],
      ]),
    );
    h = await startModbusEngine(modbusSite({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port, unitId: 1, timeoutMs: 2000 }, tags));
    await until(() => h.engine.supervisors.get('plc')?.status.state === 'connected', 10_000, 'connected');
    // Connected means answered: writes wait for the link monitor to have seen the device answer.
    await until(() => h.engine.link.linkOf('plc').quality !== 'lost', 10_000, 'answered');
  });
  afterAll(async () => {
    await h?.stop();
    await server?.close();
  });

  const read = (address: string, type: string, order: WordOrder) => h.client.request('modbus.read', { connectionId: 'plc', address, type: type as never, order });
  const write = (address: string, type: string, order: WordOrder, value: string | number) => h.client.request('modbus.write', { connectionId: 'plc', address, type: type as never, order, value });

  it('scans int64 −2^63 and uint64 2^64−1 in every order into telemetry exactly', async () => {
    const { signals } = await h.client.request('signals.catalog', {});
    const exact = new Map<number, bigint>();
    h.client.onTelemetry((frame, ack) => {
      for (const [id, value] of frame.integers) exact.set(id, value);
      ack();
    });
    await h.client.request('telemetry.subscribe', {});
    const expected = new Map(signals.map((s) => [s.id, s.tag.startsWith('i64') ? INT64_MIN : UINT64_MAX]));
    await until(() => [...expected].every(([id, value]) => exact.get(id) === value), 10_000, 'every 64-bit tag exact in telemetry');
    expect(expected.size).toBe(2 * WORD_ORDERS.length);
  });

  it('reads them exactly through modbus.read, as decimal text', async () => {
    for (const [k, order] of WORD_ORDERS.entries()) {
      expect((await read(`holding:${8 * k}`, 'int64', order)).values).toEqual([{ address: `holding:${8 * k}`, value: INT64_MIN.toString() }]);
      expect((await read(`holding:${8 * k + 4}`, 'uint64', order)).values).toEqual([{ address: `holding:${8 * k + 4}`, value: UINT64_MAX.toString() }]);
    }
  });

  it('writes every edge as decimal text in every order: registers as defined, read back exact', async () => {
    const edges: [string, bigint][] = [['int64', INT64_MIN], ['int64', INT64_MAX], ['int64', -9007199254740993n], ['int64', -1n], ['uint64', UINT64_MAX], ['uint64', 2n ** 63n], ['uint64', 9007199254740993n], ['uint64', 0n]];
    for (const order of WORD_ORDERS) {
      for (const [type, value] of edges) {
        await write('holding:200', type, order, value.toString());
        const words = (await h.client.request('modbus.read', { connectionId: 'plc', address: 'holding:200', type: 'uint16', count: 4 })).values.map((v) => v.value);
        expect({ order, type, value, words }).toEqual({ order, type, value, words: wireImage(value, order) });
        expect((await read('holding:200', type, order)).values[0]?.value).toBe(value.toString());
      }
    }
  });

  it('refuses 64-bit input it cannot write exactly, with the reason, and writes nothing', async () => {
    await write('holding:200', 'int64', 'ABCD', '123');
    const refusals: [string, string | number, RegExp][] = [
      ['int64', Number('9007199254740993'), /beyond exact double precision/],
      ['int64', '9223372036854775808', /out of range for int64/],
      ['uint64', '18446744073709551616', /out of range for uint64/],
      ['uint64', '-1', /out of range for uint64/],
      ['int64', '1.5', /not an integer/],
      ['int64', '1e3', /not an integer/],
    ];
    for (const [type, value, message] of refusals) {
      await expect(write('holding:200', type, 'ABCD', value), `${type} ${value}`).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(message) });
    }
    expect((await read('holding:200', 'int64', 'ABCD')).values[0]?.value).toBe('123');
  });
});
