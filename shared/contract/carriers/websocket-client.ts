/** Client end of the WebSocket carrier (renderer in serve mode, tests, CLI): the standard WebSocket API. */
import { CarrierListeners, type Carrier } from './carrier';

/** Opens `url` and resolves with a carrier once the socket is open; rejects with a readable reason otherwise. */
export function connectWebSocketCarrier(url: string): Promise<Carrier> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    const listeners = new CarrierListeners();
    let opened = false;
    socket.addEventListener('message', (event) => listeners.emitFrame(event.data));
    socket.addEventListener('close', (event) => {
      if (!opened) reject(new Error(`engine refused the connection (${event.code}${event.reason ? ` ${event.reason}` : ''})`));
      listeners.emitClose(event.reason || `socket closed (${event.code})`);
    });
    socket.addEventListener('error', () => {
      if (!opened) reject(new Error('cannot reach the engine'));
    });
    socket.addEventListener('open', () => {
      opened = true;
      resolve({
        send: (frame) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        },
        onFrame: (listener) => listeners.onFrame(listener),
        onClose: (listener) => listeners.onClose(listener),
        close: (reason = 'closed') => socket.close(1000, reason.slice(0, 120)),
        get isOpen() {
          return socket.readyState === WebSocket.OPEN;
        },
      });
    });
  });
}
