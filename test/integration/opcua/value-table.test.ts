/**
 * Value fidelity against the rig simulator's `EdgeValues` folder, through the engine contract: every built-in scalar
 * type read at its edge, written and read back exactly (Int64 −2^63, UInt64 2^64−1, Float max, DateTime ms,
 * ByteString hex), invalid input refused with a clear message before any write, and 64-bit tags exact in telemetry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiteFile } from '../../../shared/site/schema';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { startEngine, trustAndConnect, type EngineHarness } from '../../support/opcua-engine';
import { TEST_USERS } from '../../support/test-users';
import { startRigSimProcess, type RigSimProcess } from '../../support/rig-sim-process';

let dir: string;
let sim: RigSimProcess;
let harness: EngineHarness;

const INT64_MIN = '-9223372036854775808';
const INT64_MAX = '9223372036854775807';
const UINT64_MAX = '18446744073709551615';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-opcua-values-'));
  process.env.REC_TEST_RIG_PASSWORD = 'demo-operator-pw';
  sim = await startRigSimProcess({ dataDir: join(dir, 'sim') });
  const site = SiteFile.parse({
    site: { name: 'value table' },
    connections: [
      {
        id: 'rig-ua',
        protocol: 'opcua',
        endpoint: sim.url,
        security: { mode: 'SignAndEncrypt', policy: 'Basic256Sha256' },
        user: { kind: 'username', name: 'operator', passwordEnv: 'REC_TEST_RIG_PASSWORD' },
        connectRetries: 1,
        timeoutMs: 5000,
      },
    ],
    equipment: [
      {
        id: 'edges',
        name: 'Edges',
        type: 'drill-rig',
        connection: 'rig-ua',
        tags: { i64: { address: 'ns=1;s=Edge.Int64', type: 'int64', samplingMs: 50 }, u64: { address: 'ns=1;s=Edge.UInt64', type: 'uint64', samplingMs: 50 } },
      },
    ],
    users: TEST_USERS, // trust and raw writes need an admin login
  });
  harness = startEngine(site, join(dir, 'console'));
  await trustAndConnect(harness);
}, 90_000);

afterAll(async () => {
  await harness?.stop();
  await closeAllPki();
  await sim?.kill();
  rmSync(dir, { recursive: true, force: true });
});

const node = (type: string) => `ns=1;s=Edge.${type}`;

async function readValue(type: string) {
  const reply = await harness.client.request('opcua.read', { connectionId: 'rig-ua', nodeId: node(type), attribute: 'Value' });
  expect(reply.attributes[0]?.status).toBe('Good');
  return { value: reply.attributes[0]?.value, type: reply.attributes[0]?.type };
}

function write(type: string, value: number | string | boolean, extra: { type?: string; allowNonFinite?: boolean } = {}) {
  return harness.client.request('opcua.write', { connectionId: 'rig-ua', nodeId: node(type), value, ...extra });
}

/** Initial edge values as the simulator documents them (main/sim/rig/ADDRESS-SPACE.md). */
const INITIAL: [string, number | string | boolean][] = [
  ['Boolean', true], ['SByte', -128], ['Byte', 255], ['Int16', -32768], ['UInt16', 65535], ['Int32', -2147483648], ['UInt32', 4294967295],
  ['Int64', INT64_MIN], ['UInt64', UINT64_MAX], ['Float', 3.4028235e38], ['Double', -1.7976931348623157e308], ['String', 'Grüße ✓ 日本'],
  ['DateTime', '2024-02-29T23:59:59.999Z'], ['Guid', '72962B91-FA75-4AE6-8D28-B404DC7DAF63'], ['ByteString', '00ff10807f'],
  ['LocalizedText', 'Bohrgerät'], ['QualifiedName', '1:EdgeName'],
];

/** Values written (as a user types them) and what reading back must show. */
const WRITES: [string, number | string | boolean, number | string | boolean][] = [
  ['Boolean', 'false', false], ['Boolean', true, true],
  ['SByte', '127', 127], ['SByte', -128, -128], ['Byte', '0', 0], ['Byte', 255, 255],
  ['Int16', '32767', 32767], ['Int16', '-32768', -32768], ['UInt16', '0', 0], ['UInt16', '65535', 65535],
  ['Int32', '2147483647', 2147483647], ['Int32', '-2147483648', -2147483648], ['UInt32', '0', 0], ['UInt32', '4294967295', 4294967295],
  ['Int64', INT64_MAX, INT64_MAX], ['Int64', '-9007199254740993', '-9007199254740993'], ['Int64', -1, '-1'], ['Int64', INT64_MIN, INT64_MIN],
  ['UInt64', '0', '0'], ['UInt64', '9007199254740993', '9007199254740993'], ['UInt64', UINT64_MAX, UINT64_MAX],
  ['Float', '-3.4028234663852886e38', -3.4028235e38], ['Float', '0.1', 0.1], ['Float', '1.401298464324817e-45', 1e-45], ['Float', 3.4028234663852886e38, 3.4028235e38],
  ['Double', '5e-324', 5e-324], ['Double', 1.7976931348623157e308, 1.7976931348623157e308], ['Double', '-0.1', -0.1],
  ['String', '', ''], ['String', 'Ünïcödé ✓ 64', 'Ünïcödé ✓ 64'],
  ['DateTime', '1601-01-01T00:00:00.000Z', '1601-01-01T00:00:00.000Z'], ['DateTime', '2026-03-04T05:06:07.089+01:00', '2026-03-04T04:06:07.089Z'],
  ['DateTime', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ['Guid', '{00000000-0000-0000-0000-000000000000}', '00000000-0000-0000-0000-000000000000'], ['Guid', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'],
  ['ByteString', '', ''], ['ByteString', 'DE AD BE EF 00', 'deadbeef00'], ['ByteString', '00ff10807f', '00ff10807f'],
];

/** Invalid input: refused before writing, with the console's own words (never node-opcua's, never empty). */
const INVALID: [string, number | string | boolean, RegExp][] = [
  ['Boolean', 'maybe', /not a Boolean/], ['SByte', '128', /out of range for SByte \(-128\.\.127\)/], ['Byte', '-1', /out of range for Byte/],
  ['Int16', '32768', /out of range for Int16/], ['UInt16', '65536', /out of range for UInt16/], ['Int32', '2147483648', /out of range for Int32/],
  ['UInt32', '-1', /out of range for UInt32/], ['Int32', '1.5', /not an integer \(Int32\)/],
  ['Int64', '9223372036854775808', /out of range for Int64/], ['Int64', '-9223372036854775809', /out of range for Int64/],
  ['Int64', Number('9007199254740993'), /beyond exact double precision/], ['UInt64', '18446744073709551616', /out of range for UInt64/], ['UInt64', '-1', /out of range for UInt64/],
  ['Float', '1e39', /out of range for Float/], ['Float', 'Infinity', /written only when explicitly allowed/], ['Double', 'NaN', /written only when explicitly allowed/],
  ['Double', 'twelve', /not a number \(Double\)/], ['DateTime', 1715000000000, /ISO 8601/], ['DateTime', '2024-02-30T00:00:00Z', /not a valid date/],
  ['DateTime', '1500-01-01T00:00:00Z', /out of range for DateTime/], ['Guid', 'nope', /not a Guid/], ['ByteString', 'abc', /odd number of hex digits/],
  ['ByteString', 'xyz!', /not hex/], ['LocalizedText', 'x', /writing LocalizedText values is not supported/], ['QualifiedName', 'x', /writing QualifiedName values is not supported/],
];

describe('OPC UA value table against the rig simulator', () => {
  it('reads every built-in scalar at its edge exactly, with its type', async () => {
    for (const [type, expected] of INITIAL) expect(await readValue(type), type).toEqual({ value: expected, type });
  });

  it('writes every built-in scalar at its edges and reads it back exactly', async () => {
    for (const [type, input, expected] of WRITES) {
      const reply = await write(type, input);
      expect({ type, input, reply }).toEqual({ type, input, reply: { status: 'Good' } });
      expect({ type, input, read: (await readValue(type)).value }).toEqual({ type, input, read: expected });
    }
  });

  it('refuses invalid input with a clear message before writing, and the value stays', async () => {
    for (const [type, input, message] of INVALID) {
      const before = await readValue(type);
      const reply = await write(type, input);
      expect({ type, input, status: reply.status }).toEqual({ type, input, status: 'BadTypeMismatch' });
      expect(reply.message, `${type} ${String(input)}`).toMatch(message);
      expect(await readValue(type)).toEqual(before);
    }
  });

  it('writes NaN and ±Infinity only when explicitly allowed', async () => {
    expect(await write('Float', '-Infinity', { allowNonFinite: true })).toEqual({ status: 'Good' });
    expect((await readValue('Float')).value).toBe('-Infinity');
    expect(await write('Double', 'NaN', { allowNonFinite: true })).toEqual({ status: 'Good' });
    expect((await readValue('Double')).value).toBe('NaN');
  });

  it('accepts site type names and reports the server refusing a mismatched type with a message', async () => {
    expect(await write('Int64', '-5', { type: 'int64' })).toEqual({ status: 'Good' });
    expect((await readValue('Int64')).value).toBe('-5');
    const refused = await write('Int64', 'text', { type: 'String' });
    expect(refused.status).toBe('BadTypeMismatch');
    expect(refused.message ?? '').not.toBe('');
  });

  it('carries Int64 and UInt64 tags exactly in telemetry', async () => {
    const { signals } = await harness.client.request('signals.catalog', {});
    const id = (tag: string) => signals.find((s) => s.tag === tag)?.id ?? -1;
    const latest = new Map<number, bigint>();
    const waiters = new Set<() => void>();
    harness.client.onTelemetry((frame, ack) => {
      for (const [signal, value] of frame.integers) latest.set(signal, value);
      ack();
      for (const wake of waiters) wake();
    });
    const until = (signal: number, value: bigint) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`telemetry never carried ${value} for signal ${signal}; last ${String(latest.get(signal))}`)), 15_000);
        const check = () => {
          if (latest.get(signal) !== value) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    await harness.client.request('telemetry.subscribe', {});
    for (const [tag, type, value] of [['i64', 'Int64', INT64_MIN], ['u64', 'UInt64', UINT64_MAX], ['i64', 'Int64', '-9007199254740993'], ['u64', 'UInt64', '9007199254740993']] as const) {
      expect(await write(type, value)).toEqual({ status: 'Good' });
      await until(id(tag), BigInt(value));
    }
  });
});
