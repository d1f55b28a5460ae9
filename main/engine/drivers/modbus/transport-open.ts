/** The modbus-serial specifics of opening a link and cleaning up after a failed exchange. */
import { createConnection, type Socket } from 'node:net';
import ModbusRTU from 'modbus-serial';
import { SerialPort } from 'serialport';
import { DriverError } from '../driver-error';
import { linkName, type ModbusConnection } from './connection';
import { RtuFramePort, type Wire } from './rtu-port';

/** Connect timeout: the request timeout, but never so short that a slow handshake fails. */
function connectTimeoutMs(connection: ModbusConnection): number {
  return Math.max(2000, connection.timeoutMs);
}

/** Opens `client` on a Modbus TCP link (MBAP framing: transaction ids pair replies with requests). */
export async function connectClient(client: ModbusRTU, connection: ModbusConnection & { protocol: 'modbus-tcp' }): Promise<void> {
  await withConnectTimeout(connection, () => client.connectTCP(connection.host, { port: connection.port }), () => client.destroy(() => undefined));
  if (!client.isOpen) throw new DriverError('connect-failed', 'modbus-connect-failed', `cannot open ${connection.protocol} ${linkName(connection)}`);
}

/**
 * Default guard of RTU over TCP. 3 ms, not less: with RTU framing only the guard tells a gateway's late repeated
 * answer from the next reply (a repeat 1 ms late was mis-paired once in 1,000 reads with no guard). A site that knows
 * its gateway never repeats may set `guardMs` lower for throughput (1 ms ≈ 2.3× the reads/s here).
 */
export const RTU_TCP_GUARD_MS = 3;

/**
 * Quiet time after a reply on RTU framing, before it is handed over and before the next request: the connection's
 * `guardMs`, else the default. Serial: 3.5 characters at the line's speed (the spec's inter-frame silence), by
 * default at least 5 ms because USB adapters and PTYs deliver bytes in bursts; never below 3.5 characters. RTU over
 * TCP: 3 ms — a repeated answer from a gateway that lands later grows the guard (RtuFramePort.learn).
 */
export function rtuGuardMs(connection: ModbusConnection): number {
  if (connection.protocol === 'modbus-tcp') return 0;
  if (connection.protocol === 'modbus-rtu-tcp') return connection.guardMs ?? RTU_TCP_GUARD_MS;
  const bitsPerChar = 1 + connection.dataBits + (connection.parity === 'none' ? 0 : 1) + connection.stopBits;
  const spec = Math.ceil((3.5 * bitsPerChar * 1000) / connection.baudRate);
  return Math.max(spec, connection.guardMs ?? Math.max(5, spec));
}

/**
 * Opens an RTU link (raw RTU frames over a TCP socket, or a serial port) behind our strictly pairing port.
 * `learnedGuardMs` carries the guard a previous port of the same link grew to, so a reconnect does not forget it.
 */
export async function connectRtuClient(
  connection: ModbusConnection,
  onReject: (reason: string) => void,
  learnedGuardMs = 0,
): Promise<{ client: ModbusRTU; port: RtuFramePort }> {
  const guardMs = rtuGuardMs(connection);
  const maxGuardMs = Math.max(guardMs, Math.min(50, Math.floor(connection.timeoutMs / 4)));
  const port = new RtuFramePort(guardMs, maxGuardMs, onReject);
  port.stats.guardMs = Math.min(maxGuardMs, Math.max(guardMs, learnedGuardMs));
  let abandon = (): void => undefined;
  const wire = await withConnectTimeout(
    connection,
    () => {
      const opening = connection.protocol === 'modbus-rtu' ? openSerialWire(connection, port) : openSocketWire(connection, port);
      abandon = () => void opening.then((w) => w.close(), () => undefined);
      return opening;
    },
    () => abandon(),
  );
  port.attach(wire);
  const client = new ModbusRTU(port);
  await new Promise<void>((resolve, reject) => client.open((error: unknown) => (error ? reject(error) : resolve())));
  return { client, port };
}

function openSocketWire(connection: ModbusConnection & { host: string; port: number }, port: RtuFramePort): Promise<Wire> {
  return new Promise<Wire>((resolve, reject) => {
    const socket = createConnection({ host: connection.host, port: connection.port });
    socket.setNoDelay(true);
    const wire: Wire = {
      get isOpen() {
        return !socket.destroyed && socket.readyState === 'open';
      },
      write: (bytes) => void socket.write(bytes),
      close: () =>
        new Promise<void>((done) => {
          if (socket.destroyed) return done();
          socket.once('close', () => done());
          socket.destroy();
        }),
    };
    socket.once('connect', () => resolve(wire));
    socket.on('error', (error) => reject(error));
    socket.on('data', (chunk) => port.receive(chunk));
    socket.on('close', () => port.lost());
  });
}

function openSerialWire(connection: ModbusConnection & { protocol: 'modbus-rtu' }, port: RtuFramePort): Promise<Wire> {
  const serial = new SerialPort({
    path: connection.path,
    baudRate: connection.baudRate,
    parity: connection.parity,
    dataBits: connection.dataBits,
    stopBits: connection.stopBits,
    autoOpen: false,
  });
  const wire: Wire = {
    get isOpen() {
      return serial.isOpen;
    },
    write: (bytes) => void serial.write(bytes),
    close: () => new Promise<void>((done) => (serial.isOpen ? serial.close(() => done()) : done())),
    flush: () => new Promise<void>((done) => serial.flush(() => done())),
  };
  serial.on('error', () => undefined); // errors surface as failed requests or a close
  serial.on('data', (chunk: Buffer) => port.receive(chunk));
  serial.on('close', () => port.lost());
  return new Promise<Wire>((resolve, reject) => serial.open((error) => (error ? reject(error) : resolve(wire))));
}

/** Runs `open` against the connect timeout; on failure runs `abandon` and throws connect-failed. */
async function withConnectTimeout<T>(connection: ModbusConnection, open: () => Promise<T>, abandon: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${connectTimeoutMs(connection)} ms`)), connectTimeoutMs(connection));
  });
  try {
    return await Promise.race([open(), timeout]);
  } catch (error) {
    abandon();
    const message = (error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error)).replace(/^Error:\s*/, '');
    throw new DriverError('connect-failed', 'modbus-connect-failed', `cannot open ${connection.protocol} ${linkName(connection)}: ${message}`);
  } finally {
    clearTimeout(timer);
  }
}

interface PortInternals {
  _port?: { _clientRcvData?: Buffer; _client?: Socket };
}

/**
 * Calls `onGone` once when a Modbus TCP client's socket closes for any reason. modbus-serial's TcpPort forwards a
 * close only when no socket error came first, so a peer's reset (error, then close) left the driver "connected"
 * until a request or the link monitor noticed; the socket's own close event always fires. A socket already
 * destroyed (reset between connect and this call) counts on the next turn.
 */
export function watchTcpSocket(client: ModbusRTU, onGone: () => void): void {
  const socket = (client as unknown as PortInternals)._port?._client;
  if (!socket) return;
  let fired = false;
  const gone = () => {
    if (fired) return;
    fired = true;
    onGone();
  };
  socket.once('close', gone);
  if (socket.destroyed) setImmediate(gone); // after the caller has installed the client
}

/** Bytes of an incomplete MBAP frame waiting in a TCP port (non-zero means the stream is out of step). */
export function pendingTcpBytes(client: ModbusRTU): number {
  return (client as unknown as PortInternals)._port?._clientRcvData?.length ?? 0;
}
