/** The carrier the Electron preload exposes (`window.recConsole.carrier`), adapted to the Carrier interface. */
import { CarrierListeners, type Carrier } from '../../shared/contract/carriers/carrier';
import type { WireFrame } from '../../shared/contract/envelope';

/** What the preload exposes: nothing but a frame pipe to the engine. */
export interface PreloadBridge {
  carrier: {
    send(frame: WireFrame): void;
    onFrame(listener: (frame: unknown) => void): void;
    onClose(listener: (reason: string) => void): void;
  };
}

declare global {
  interface Window {
    recConsole?: PreloadBridge;
  }
}

/** The bridged carrier, or undefined outside Electron. */
export function electronCarrier(): Carrier | undefined {
  const bridge = window.recConsole?.carrier;
  if (!bridge) return undefined;
  const listeners = new CarrierListeners();
  bridge.onFrame((frame) => listeners.emitFrame(frame));
  bridge.onClose((reason) => listeners.emitClose(reason));
  return {
    send: (frame) => bridge.send(frame),
    onFrame: (listener) => listeners.onFrame(listener),
    onClose: (listener) => listeners.onClose(listener),
    close: (reason = 'closed') => listeners.emitClose(reason),
    get isOpen() {
      return !listeners.isClosed;
    },
  };
}
