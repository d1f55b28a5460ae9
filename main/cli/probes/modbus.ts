/**
 * The Modbus device probe behind `rec-console read|write|ping` for modbus-tcp:, modbus-rtu-tcp: and modbus-rtu:
 * URLs. It runs the engine's own Modbus driver (same codecs, limits, queue and error names), unscaled.
 */
import { defaultDataDir } from '../../engine/data-dir';
import { writeAsOsUser } from '../../engine/safety/os-user-writes';
import { cliLogger } from '../cli-logger';
import { DATA_TYPES, WORD_ORDERS, parseModbusAddress, type DataType, type WordOrder } from '../../../shared/site/data-types';
import type { DriverContext, Logger } from '../../engine/drivers/driver';
import { DriverError } from '../../engine/drivers/driver-error';
import type { ModbusConnection } from '../../engine/drivers/modbus/connection';
import { ModbusDriver } from '../../engine/drivers/modbus/modbus-driver';
import { connectionFromUrl } from '../../engine/drivers/modbus/url';
import { CliError } from '../cli-error';
import { checkPipelining } from './modbus-pipelining';
import type { DeviceProbe, PingReply, PipeliningReport, ProbeOptions, ProbeValue } from './probe';
import { checkWriteOutcome } from './write-outcome';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function typeOf(options: ProbeOptions): DataType | undefined {
  if (options.type === undefined) return undefined;
  if (!(DATA_TYPES as readonly string[]).includes(options.type)) throw new CliError(`unknown --type "${options.type}" (one of ${DATA_TYPES.join(', ')})`, 2);
  return options.type as DataType;
}

function orderOf(options: ProbeOptions): WordOrder | undefined {
  if (options.order === undefined) return undefined;
  const order = options.order.toUpperCase();
  if (!(WORD_ORDERS as readonly string[]).includes(order)) throw new CliError(`unknown --order "${options.order}" (one of ${WORD_ORDERS.join(', ')})`, 2);
  return order as WordOrder;
}

/** The connection a URL names (a usage error when it names none). */
function connectionOf(url: URL, options: ProbeOptions): ModbusConnection {
  try {
    return connectionFromUrl(url, options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
}

/** A driver for one CLI command: no tags, no scan, quiet log. */
function driverFor(url: URL, options: ProbeOptions): ModbusDriver {
  const connection = connectionOf(url, options);
  const context: DriverContext<ModbusConnection> = {
    connection,
    bindings: [],
    scanClasses: {},
    emit: () => undefined,
    linkLost: () => undefined,
    recordRtt: () => undefined,
    dataDir: options.dataDir ?? '',
    log: quiet,
  };
  return new ModbusDriver(context);
}

/** Runs `body` on a connected driver and always closes it; DriverErrors become one-line CLI errors. */
async function withDriver<T>(url: URL, options: ProbeOptions, body: (driver: ModbusDriver) => Promise<T>): Promise<T> {
  const driver = driverFor(url, options);
  try {
    await driver.connect();
    return await body(driver);
  } catch (error) {
    if (error instanceof DriverError) throw new CliError(error.message, error.kind === 'invalid-request' ? 2 : 1);
    throw error;
  } finally {
    await driver.close();
  }
}

/** The probe registered for modbus-tcp:, modbus-rtu-tcp: and modbus-rtu: URLs. */
export const modbusProbe: DeviceProbe = {
  async read(url, address, options): Promise<ProbeValue[]> {
    const type = typeOf(options);
    const order = orderOf(options);
    return withDriver(url, options, (driver) =>
      driver.readRaw({ address, ...(options.count !== undefined ? { count: options.count } : {}), ...(type ? { type } : {}), ...(order ? { order } : {}) }),
    );
  },
  async write(url, address, value, options): Promise<void> {
    const type = typeOf(options);
    const order = orderOf(options);
    // Through the command path (gate, audit) as the OS user, like every write of the console.
    const { outcome } = await withDriver(url, options, (driver) =>
      writeAsOsUser(driver, { protocol: 'modbus', options: { address, value, ...(type ? { type } : {}), ...(order ? { order } : {}) } }, options.dataDir ?? defaultDataDir(), cliLogger()),
    );
    checkWriteOutcome(address, outcome);
  },
  async pipelining(url, address, inFlight, rounds, options): Promise<PipeliningReport> {
    const connection = connectionOf(url, options);
    const parsed = parseModbusAddress(address);
    if ('error' in parsed) throw new CliError(parsed.error, 2);
    if ((parsed.table !== 'holding' && parsed.table !== 'input') || parsed.bit !== undefined) throw new CliError(`--address must be a holding or input register, not "${address}"`, 2);
    if (parsed.offset + inFlight > 65536) throw new CliError(`${address}: ${inFlight} registers from there run past 65535`, 2);
    return checkPipelining(connection, { unitId: connection.unitId, table: parsed.table, offset: parsed.offset }, inFlight, rounds);
  },

  async ping(url, count, intervalMs, options, onReply): Promise<PingReply[]> {
    return withDriver(url, options, async (driver) => {
      const replies: PingReply[] = [];
      for (let seq = 1; seq <= count; seq++) {
        const started = performance.now();
        const reply = await driver.probe().then(
          (ms) => ms,
          (error: unknown) => (error instanceof DriverError && error.kind === 'device-exception' ? performance.now() - started : null),
        );
        replies.push(reply);
        onReply(seq, reply);
        if (seq < count && intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
      return replies;
    });
  },
};
