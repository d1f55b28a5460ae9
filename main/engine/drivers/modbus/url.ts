/**
 * CLI URLs → Modbus connection configs:
 *   modbus-tcp://HOST:PORT?unit=N
 *   modbus-rtu-tcp://HOST:PORT?unit=N
 *   modbus-rtu:///dev/PATH?baud=N&parity=none|even|odd&unit=N
 * Every connection also takes `timeout=MS`. Unknown parameters are refused, not ignored.
 */
import { ModbusRtuConnection, ModbusRtuTcpConnection, ModbusTcpConnection } from '../../../../shared/site/schema';
import { DriverError } from '../driver-error';
import type { ModbusConnection } from './connection';

/** URL schemes this driver serves (with the trailing colon, as URL.protocol has it). */
export const MODBUS_URL_SCHEMES = ['modbus-tcp:', 'modbus-rtu-tcp:', 'modbus-rtu:'] as const;

const ALLOWED: Record<string, readonly string[]> = {
  'modbus-tcp:': ['unit', 'timeout'],
  'modbus-rtu-tcp:': ['unit', 'timeout'],
  'modbus-rtu:': ['unit', 'timeout', 'baud', 'parity', 'databits', 'stopbits'],
};

function bad(url: URL, message: string): DriverError {
  return new DriverError('invalid-request', 'modbus-bad-url', `${url.href}: ${message}`);
}

function intParam(url: URL, name: string, min: number, max: number): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw bad(url, `${name} must be an integer ${min}..${max}, not "${text}"`);
  return Number(text);
}

/** Parses a Modbus URL into a validated connection (schema defaults applied); throws DriverError invalid-request. */
export function connectionFromUrl(url: URL, overrides: { timeoutMs?: number } = {}): ModbusConnection {
  const allowed = ALLOWED[url.protocol];
  if (!allowed) throw bad(url, `not a Modbus URL (expected ${MODBUS_URL_SCHEMES.map((s) => `${s}//`).join(', ')})`);
  for (const key of url.searchParams.keys()) if (!allowed.includes(key)) throw bad(url, `unknown parameter "${key}" (known: ${allowed.join(', ')})`);
  // `?unit=1&unit=300` would read unit 1 and drop the rest without a word: which one was meant is not ours to guess.
  for (const key of new Set(url.searchParams.keys())) if (url.searchParams.getAll(key).length > 1) throw bad(url, `parameter "${key}" is given ${url.searchParams.getAll(key).length} times: give it once`);
  const common = {
    id: 'cli',
    unitId: intParam(url, 'unit', 0, 255) ?? 1,
    timeoutMs: overrides.timeoutMs ?? intParam(url, 'timeout', 1, 60000) ?? 1000,
  };
  if (url.protocol === 'modbus-rtu:') {
    if (url.host !== '') throw bad(url, 'a serial URL has no host: use modbus-rtu:///dev/ttyUSB0');
    const path = decodeURIComponent(url.pathname);
    if (path === '' || path === '/') throw bad(url, 'missing serial device path, e.g. modbus-rtu:///dev/ttyUSB0');
    const parity = url.searchParams.get('parity') ?? 'none';
    if (!['none', 'even', 'odd'].includes(parity)) throw bad(url, `parity must be none, even or odd, not "${parity}"`);
    const parsed = ModbusRtuConnection.safeParse({
      ...common,
      protocol: 'modbus-rtu',
      path,
      baudRate: intParam(url, 'baud', 1, 4_000_000) ?? 19200,
      parity,
      dataBits: intParam(url, 'databits', 7, 8) ?? 8,
      stopBits: intParam(url, 'stopbits', 1, 2) ?? 1,
    });
    if (!parsed.success) throw bad(url, parsed.error.issues.map((i) => i.message).join('; '));
    return parsed.data;
  }
  if (url.hostname === '') throw bad(url, 'missing host');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? undefined : Number(url.port);
  if (url.pathname !== '' && url.pathname !== '/') throw bad(url, `unexpected path "${url.pathname}"`);
  const schema = url.protocol === 'modbus-tcp:' ? ModbusTcpConnection : ModbusRtuTcpConnection;
  if (port === undefined && url.protocol === 'modbus-rtu-tcp:') throw bad(url, 'RTU over TCP needs a port (the gateway has no standard one)');
  const parsed = schema.safeParse({ ...common, protocol: url.protocol.slice(0, -1), host, ...(port !== undefined ? { port } : {}) });
  if (!parsed.success) throw bad(url, parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}
