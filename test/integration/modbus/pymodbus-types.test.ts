/**
 * Every data type and word order against an independent device: pymodbus (python3-pymodbus) encodes a known
 * image with its own payload builder; our driver (scan and raw reads) and the CLI must read it exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Quality } from '../../../shared/contract/telemetry';
import { WORD_ORDERS } from '../../../shared/site/data-types';
import { main } from '../../../main/cli/main';
import { requireTools } from '../../support/system-tools';
import { startPymodbus, type PymodbusServer } from '../../support/pymodbus';
import { addressOf, knownImage, SAMPLE_VALUES } from '../../support/modbus-image';
import { bindings, harness, modbusConnection, until } from '../../support/modbus-driver-harness';

const skip = requireTools('pymodbus');
const image = knownImage();
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe.skipIf(skip)('pymodbus device: every type and order', () => {
  let server: PymodbusServer;
  let url: string;

  beforeAll(async () => {
    server = await startPymodbus({ mode: 'tcp', image });
    url = `modbus-tcp://127.0.0.1:${server.port}?unit=1`;
  });
  afterAll(async () => server?.close());

  it('scans every tag with the planned number of requests and exact values', async () => {
    const tags = Object.fromEntries(
      image.map((e, i) => [`t${i}`, { address: addressOf(e), type: e.type, order: e.order, scanClass: 'fast', ...(e.length ? { length: e.length } : {}) }]),
    );
    const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port }), bindings(tags));
    try {
      // holding 0..79 | string 100..104 + bits 110 (gap 5 bridged) | input | coil | discrete
      expect(h.driver.scanner.stats.get('fast')?.requestsPerCycle).toBe(5);
      await h.driver.connect();
      await h.driver.start();
      await until(() => h.latest().size === image.length, 5000, 'a sample of every tag');
      const latest = h.latest();
      image.forEach((entry, i) => {
        const sample = latest.get(i);
        expect(sample?.quality, `${addressOf(entry)} ${entry.type} ${entry.order}`).toBe(Quality.good);
        // 64-bit integers stay exact (bigint) from the scan to telemetry.
        expect(sample?.value, `${addressOf(entry)} ${entry.type} ${entry.order}`).toEqual(entry.expected);
      });
      expect(h.lost).toEqual([]);
    } finally {
      await h.driver.close();
    }
  });

  it('raw reads return every value exactly (64-bit as bigint), and writes round-trip', async () => {
    const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port }));
    await h.driver.connect();
    try {
      for (const entry of image) {
        const [read] = await h.driver.readRaw({ address: addressOf(entry), type: entry.type, order: entry.order, ...(entry.length ? { count: entry.length } : {}) });
        expect(read?.value, `${addressOf(entry)} ${entry.type} ${entry.order}`).toEqual(entry.expected);
      }
      for (const order of WORD_ORDERS) {
        const writes: [string, number | bigint | string | boolean][] = [
          ['int16', -32768], ['uint16', 65535], ['int32', 2147483647], ['uint32', 1], ['float32', 0.1],
          ['float64', -1e-300], ['int64', -(2n ** 63n)], ['uint64', 2n ** 64n - 2n],
        ];
        for (const [type, value] of writes) {
          await h.driver.UNSAFE_writeRaw({ address: 'holding:200', type: type as never, order, value });
          const [back] = await h.driver.readRaw({ address: 'holding:200', type: type as never, order });
          expect(back?.value, `${type} ${order}`).toEqual(value);
        }
      }
      await h.driver.UNSAFE_writeRaw({ address: 'holding:110.3', value: false });
      expect((await h.driver.readRaw({ address: 'holding:110.3' }))[0]?.value).toBe(false);
      expect((await h.driver.readRaw({ address: 'holding:110.12' }))[0]?.value).toBe(true); // the other bit untouched
      await h.driver.UNSAFE_writeRaw({ address: 'coil:7', value: 'on' });
      expect((await h.driver.readRaw({ address: 'coil:6', count: 3 })).map((v) => v.value)).toEqual([false, true, false]);
    } finally {
      await h.driver.close();
    }
  });

  it('writes bound tags in engineering units (scale/offset, order, bits) and reads them back', async () => {
    const tags = bindings({
      temp: { address: 'holding:300', type: 'int16', scale: 0.1, offset: -40, writable: true },
      speed: { address: 'holding:302', type: 'float32', order: 'DCBA', writable: true },
      flag: { address: 'holding:304.15', type: 'bool', writable: true },
      name: { address: 'holding:306', type: 'string', length: 6, writable: true },
      big: { address: 'holding:310', type: 'uint32', order: 'CDAB', writable: true },
    });
    const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: server.port }), tags);
    await h.driver.connect();
    try {
      const [temp, speed, flag, name, big] = tags;
      expect(await h.driver.UNSAFE_write(temp!, 21.5)).toEqual({ ok: true });
      expect((await h.driver.readRaw({ address: 'holding:300', type: 'int16' }))[0]?.value).toBe(615);
      expect((await h.driver.read(temp!)).value).toBeCloseTo(21.5);
      expect(await h.driver.UNSAFE_write(speed!, -0.75)).toEqual({ ok: true });
      expect((await h.driver.read(speed!)).value).toBe(-0.75);
      expect(await h.driver.UNSAFE_write(flag!, true)).toEqual({ ok: true });
      expect((await h.driver.readRaw({ address: 'holding:304' }))[0]?.value).toBe(0x8000);
      expect(await h.driver.UNSAFE_write(name!, 'QC-7')).toEqual({ ok: true });
      expect((await h.driver.read(name!)).value).toBe('QC-7');
      expect(await h.driver.UNSAFE_write(big!, 4294967295)).toEqual({ ok: true });
      expect((await h.driver.readRaw({ address: 'holding:310', count: 2 })).map((v) => v.value)).toEqual([0xffff, 0xffff]);
      const refused = await h.driver.UNSAFE_write(temp!, 4000); // raw 40400 > int16
      expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    } finally {
      await h.driver.close();
    }
  });

  it('the CLI reads every type and order in engineering form', async () => {
    for (const entry of image.filter((e) => e.table === 'holding' && e.bit === undefined && e.type !== 'string')) {
      const result = await cli('read', url, addressOf(entry), '--type', entry.type, '--order', entry.order);
      expect(result.err).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.out).toEqual([`${addressOf(entry)} ${String(entry.expected)}`]);
    }
    const floats = await cli('read', url, 'holding:2', '--type', 'int32', '--count', '3', '--json');
    const doc = JSON.parse(floats.out[0] ?? '{}') as { values: { address: string; value: unknown }[] };
    expect(doc.values.map((v) => v.address)).toEqual(['holding:2', 'holding:4', 'holding:6']);
    expect(doc.values[0]?.value).toBe(SAMPLE_VALUES.int32);
    expect(await cli('read', url, 'holding:100', '--type', 'string', '--count', '10')).toMatchObject({ code: 0, out: ['holding:100 "CRANE-01"'] });
    expect(await cli('read', url, 'coil:1', '--count', '3')).toMatchObject({ code: 0, out: ['coil:1 false', 'coil:2 true', 'coil:3 false'] });
  });

  it('the CLI refuses bad input in one line before sending', async () => {
    const cases: [string[], RegExp][] = [
      [['read', url, 'holding:65535', '--type', 'float32'], /runs past 65535/],
      [['read', url, 'holding:70000'], /out of range/],
      [['write', url, 'holding:0', '70000', '--type', 'uint16'], /out of range for uint16/],
      [['write', url, 'holding:0', '1.5', '--type', 'int16'], /not an integer/],
      [['write', url, 'input:0', '1'], /read-only/],
      [['read', `modbus-tcp://127.0.0.1:${server.port}?unit=999`, 'holding:0'], /unit must be/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.err).toHaveLength(1);
      expect(result.err[0]).toMatch(message);
    }
  });

  it('the installed binary prints ADDRESS VALUE and one-line errors without a stack trace', () => {
    const bin = `${ROOT}main/cli/rec-console.mjs`;
    const ok = spawnSync(process.execPath, [bin, 'read', url, 'holding:56', '--type', 'uint64', '--order', 'BADC'], { encoding: 'utf8', timeout: 30_000 });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe(`holding:56 ${SAMPLE_VALUES.uint64}\n`);
    const bad = spawnSync(process.execPath, [bin, 'read', 'modbus-tcp://127.0.0.1:1?unit=1', 'holding:0', '--timeout', '1000'], { encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
