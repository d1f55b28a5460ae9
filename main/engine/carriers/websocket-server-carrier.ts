/** Engine end of the WebSocket carrier: one accepted `ws` socket as a Carrier. */
import type { WebSocket } from 'ws';
import { CarrierListeners, type Carrier } from '../../../shared/contract/carriers/carrier';

/** Wraps an accepted socket; text frames arrive as strings, binary as ArrayBuffers, as on every carrier. */
export function websocketServerCarrier(socket: WebSocket): Carrier {
  const listeners = new CarrierListeners();
  socket.binaryType = 'arraybuffer';
  socket.on('message', (data, isBinary) => {
    if (isBinary) listeners.emitFrame(data);
    else listeners.emitFrame(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'));
  });
  socket.on('close', (code, reason) => listeners.emitClose(reason.toString() || `socket closed (${code})`));
  socket.on('error', () => listeners.emitClose('socket error'));
  return {
    send(frame) {
      if (socket.readyState === socket.OPEN) socket.send(frame, { binary: typeof frame !== 'string' });
    },
    onFrame: (listener) => listeners.onFrame(listener),
    onClose: (listener) => listeners.onClose(listener),
    close(reason = 'closed') {
      socket.close(1000, reason.slice(0, 120));
    },
    get isOpen() {
      return socket.readyState === socket.OPEN;
    },
  };
}
