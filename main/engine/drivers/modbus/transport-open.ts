/** The modbus-serial specifics of opening a link and cleaning up after a failed exchange. */
import type ModbusRTU from 'modbus-serial';
import { DriverError } from '../driver-error';
import { linkName, type ModbusConnection } from './connection';

/** Connect timeout: the request timeout, but never so short that a slow handshake fails. */
function connectTimeoutMs(connection: ModbusConnection): number {
  return Math.max(2000, connection.timeoutMs);
}

/** Opens `client` on the link: TCP, raw RTU over TCP (modbus-serial's "telnet" port), or buffered serial RTU. */
export async function connectClient(client: ModbusRTU, connection: ModbusConnection): Promise<void> {
  const open = (): Promise<void> => {
    switch (connection.protocol) {
      case 'modbus-tcp':
        return client.connectTCP(connection.host, { port: connection.port });
      case 'modbus-rtu-tcp':
        // connectTcpRTUBuffered speaks MBAP framing; raw RTU frames with CRC over a socket is the telnet port.
        return client.connectTelnet(connection.host, { port: connection.port });
      case 'modbus-rtu':
        return client.connectRTUBuffered(connection.path, {
          baudRate: connection.baudRate,
          parity: connection.parity,
          dataBits: connection.dataBits,
          stopBits: connection.stopBits,
        });
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${connectTimeoutMs(connection)} ms`)), connectTimeoutMs(connection));
  });
  try {
    await Promise.race([open(), timeout]);
  } catch (error) {
    client.destroy(() => undefined);
    const message = (error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error)).replace(/^Error:\s*/, '');
    throw new DriverError('connect-failed', 'modbus-connect-failed', `cannot open ${connection.protocol} ${linkName(connection)}: ${message}`);
  } finally {
    clearTimeout(timer);
  }
  if (!client.isOpen) throw new DriverError('connect-failed', 'modbus-connect-failed', `cannot open ${connection.protocol} ${linkName(connection)}`);
}

interface PortInternals {
  _port?: { _clientRcvData?: Buffer; _buffer?: Buffer; _client?: { on?: (event: 'data', listener: () => void) => void; off?: (event: 'data', listener: () => void) => void; flush?: (cb: () => void) => void } };
}

/** Bytes of an incomplete MBAP frame waiting in a TCP port (non-zero means the stream is out of step). */
export function pendingTcpBytes(client: ModbusRTU): number {
  return (client as unknown as PortInternals)._port?._clientRcvData?.length ?? 0;
}

/** Waits until the serial line has been silent for `quietMs` (at most 5×), then discards everything received. */
export async function drainSerial(client: ModbusRTU, quietMs: number): Promise<void> {
  const port = (client as unknown as PortInternals)._port;
  const serial = port?._client;
  await new Promise<void>((resolve) => {
    let quiet = setTimeout(done, quietMs);
    const cap = setTimeout(done, quietMs * 5);
    const onData = () => {
      clearTimeout(quiet);
      quiet = setTimeout(done, quietMs);
    };
    serial?.on?.('data', onData);
    function done(): void {
      clearTimeout(quiet);
      clearTimeout(cap);
      serial?.off?.('data', onData);
      resolve();
    }
  });
  if (serial?.flush) await new Promise<void>((resolve) => serial.flush?.(() => resolve()));
  if (port) port._buffer = Buffer.alloc(0);
}
