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
      const why = closeText(event.code, event.reason);
      if (!opened) reject(new Error(why));
      listeners.emitClose(why);
    });
    socket.addEventListener('error', () => {
      if (!opened) reject(new Error(`no answer from the engine at ${new URL(url).host}`));
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

/**
 * Why a socket to the engine closed, for a person: the engine's own reason when it gave one, else what the close code
 * says (1006, no close frame at all, is the usual one: the engine stopped, or the network between failed).
 */
export function closeText(code: number, reason: string): string {
  if (reason) return reason;
  if (code === 1000) return 'the engine closed the connection';
  if (code === 1001) return 'the engine is shutting down';
  if (code === 1005) return 'the engine closed the connection';
  if (code === 1006 || code < 1000) return 'the connection to the engine dropped (the engine stopped, or the network between failed)';
  if (code === 1011) return 'the engine failed while serving this window';
  return `the connection to the engine closed (code ${code})`;
}
