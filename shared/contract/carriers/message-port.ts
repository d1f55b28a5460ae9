/**
 * The MessagePort carrier (Electron: engine in a utilityProcess, renderer via the preload). Binary telemetry
 * frames are transferred, not copied. Ports differ by side (DOM MessagePort vs Electron's MessagePortMain), so
 * each side adapts its port to PortLike; the carrier itself is the same code on both ends.
 */
import { CarrierListeners, type Carrier } from './carrier';

/** The little a carrier needs from a port. */
export interface PortLike {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Subscribes to message payloads (already unwrapped from their event). */
  listen(listener: (data: unknown) => void): void;
  /** Called when the other end goes away, where the port can tell. */
  onClosed(listener: () => void): void;
  close(): void;
}

/** The DOM MessagePort members used here (structural, so both web and Node typings fit). */
export interface DomMessagePort {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

/** A DOM-style MessagePort (renderer preload, browsers, Node's global MessageChannel) as PortLike. */
export function domPort(port: DomMessagePort): PortLike {
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer ?? []),
    listen: (listener) => {
      port.addEventListener('message', (event) => listener(event.data));
      port.start();
    },
    onClosed: (listener) => port.addEventListener('close', listener),
    close: () => port.close(),
  };
}

/** Wraps a port as a carrier. */
export function createMessagePortCarrier(port: PortLike): Carrier {
  const listeners = new CarrierListeners();
  port.listen((data) => listeners.emitFrame(data));
  port.onClosed(() => listeners.emitClose('port closed'));
  return {
    send(frame) {
      if (listeners.isClosed) return;
      if (typeof frame === 'string') port.postMessage(frame);
      else port.postMessage(frame, [frame]);
    },
    onFrame: (listener) => listeners.onFrame(listener),
    onClose: (listener) => listeners.onClose(listener),
    close(reason = 'closed') {
      port.close();
      listeners.emitClose(reason);
    },
    get isOpen() {
      return !listeners.isClosed;
    },
  };
}
