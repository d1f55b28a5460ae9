/** Modbus TCP (MBAP framing) in front of the slave core. */
import type { Socket } from 'node:net';
import { handlePdu } from './pdu-handler';
import { ExceptionCode, exceptionPdu } from './protocol';
import type { ModbusSlave } from './slave';
import { listenTcp, type TcpListener } from './listen';

const MBAP_HEADER = 7;
/** Longest legal MBAP length field: unit id + 253-byte PDU. */
const MAX_MBAP_LENGTH = 254;

/** Unit ids a TCP device answers besides its own: 0 and 255 both mean "the device behind this socket". */
function addressesThisDevice(slave: ModbusSlave, unitId: number): boolean {
  return unitId === slave.unitId || unitId === 0 || unitId === 255;
}

function serveSocket(socket: Socket, slave: ModbusSlave): void {
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= MBAP_HEADER) {
      const protocolId = buffer.readUInt16BE(2);
      const length = buffer.readUInt16BE(4);
      // A wrong protocol id or length means we lost the framing: TCP gives no way to resync, so drop the peer.
      if (protocolId !== 0 || length < 2 || length > MAX_MBAP_LENGTH) {
        socket.destroy();
        return;
      }
      if (buffer.length < 6 + length) return;
      const frame = buffer.subarray(0, 6 + length);
      buffer = buffer.subarray(6 + length);
      const unitId = frame[6] ?? 0;
      const pdu = Buffer.from(frame.subarray(MBAP_HEADER));
      const reply = addressesThisDevice(slave, unitId) ? handlePdu(slave, pdu) : exceptionPdu(pdu[0] ?? 0, ExceptionCode.gatewayTargetFailed);
      const header = Buffer.alloc(MBAP_HEADER);
      frame.copy(header, 0, 0, 4); // transaction and protocol id echo the request
      header.writeUInt16BE(reply.length + 1, 4);
      header[6] = unitId;
      if (!socket.destroyed) socket.write(Buffer.concat([header, reply]));
    }
  });
}

/** Serves `slave` as a Modbus TCP device on host:port (0 = ephemeral). */
export function serveModbusTcp(slave: ModbusSlave, host: string, port: number): Promise<TcpListener> {
  return listenTcp(host, port, (socket) => serveSocket(socket, slave));
}
