/** Modbus RTU framing in front of the slave core, on any duplex stream: a TCP socket (RTU over TCP) or a serial port. */
import type { Duplex } from 'node:stream';
import { withCrc } from './crc16';
import { handlePdu } from './pdu-handler';
import { frameGapMs, RtuRequestFramer } from './rtu-framer';
import type { ModbusSlave } from './slave';
import { listenTcp, type TcpListener } from './listen';

/** Gap used on TCP, where there is no baud rate: long enough to outlast a split segment, short enough to resync fast. */
const TCP_GAP_MS = 20;

/** A stream being served; close() stops serving (and destroys the stream). */
export interface RtuEndpoint {
  close(): Promise<void>;
}

/**
 * Serves `slave` on a duplex stream with RTU framing. Frames for other unit ids are ignored (another device on the
 * line); broadcast (unit 0) writes are executed without a reply, as the spec asks.
 */
export function serveRtuStream(stream: Duplex, slave: ModbusSlave, gapMs = TCP_GAP_MS): RtuEndpoint {
  const framer = new RtuRequestFramer((frame) => {
    const unitId = frame[0] ?? 0;
    if (unitId !== slave.unitId && unitId !== 0) return;
    const reply = handlePdu(slave, frame.subarray(1, frame.length - 2));
    if (unitId === 0 || stream.destroyed) return;
    stream.write(withCrc(Buffer.concat([Buffer.from([unitId]), reply])));
  }, gapMs);
  stream.on('data', (chunk: Buffer) => framer.push(chunk));
  stream.on('close', () => framer.dispose());
  stream.on('error', () => stream.destroy());
  return {
    close: () =>
      new Promise<void>((resolve) => {
        framer.dispose();
        if (stream.destroyed) return resolve();
        stream.once('close', () => resolve());
        stream.destroy();
      }),
  };
}

/** Serves `slave` as an RTU-over-TCP device (raw RTU frames in TCP, no MBAP) on host:port (0 = ephemeral). */
export function serveRtuOverTcp(slave: ModbusSlave, host: string, port: number): Promise<TcpListener> {
  return listenTcp(host, port, (socket) => void serveRtuStream(socket, slave));
}

/** Serial line settings (defaults follow the Modbus serial line spec: 19200 8E1). */
export interface SerialSettings {
  path: string;
  baudRate?: number;
  parity?: 'none' | 'even' | 'odd';
  dataBits?: 7 | 8;
  stopBits?: 1 | 2;
}

/** Opens a serial port (or a PTY, e.g. one end of a `socat` pair) and serves `slave` on it with RTU framing. */
export async function serveRtuSerialPort(slave: ModbusSlave, settings: SerialSettings): Promise<RtuEndpoint> {
  // Loaded on demand: RTU over TCP (what `rec-console sim` runs) needs no native serial binding.
  const { SerialPort } = await import('serialport');
  const baudRate = settings.baudRate ?? 19200;
  return new Promise((resolve, reject) => {
    const port = new SerialPort(
      { path: settings.path, baudRate, parity: settings.parity ?? 'even', dataBits: settings.dataBits ?? 8, stopBits: settings.stopBits ?? 1 },
      (error) => (error ? reject(error) : resolve(serveRtuStream(port, slave, frameGapMs(baudRate)))),
    );
  });
}
