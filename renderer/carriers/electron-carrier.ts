/**
 * The carrier the Electron preload exposes (`window.recConsole.carrier`), adapted to the Carrier interface. The
 * bridge is hooked once per page; each new carrier (after an engine restart) takes over the frames from then on.
 */
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

let current: CarrierListeners | undefined;
let hooked = false;

/** The bridged carrier, or undefined outside Electron. */
export function electronCarrier(): Carrier | undefined {
  const bridge = window.recConsole?.carrier;
  if (!bridge) return undefined;
  if (!hooked) {
    hooked = true;
    bridge.onFrame((frame) => current?.emitFrame(frame));
    bridge.onClose((reason) => current?.emitClose(reason));
  }
  current?.emitClose('replaced');
  const listeners = new CarrierListeners();
  current = listeners;
  return {
    send: (frame) => {
      if (!listeners.isClosed) bridge.send(frame);
    },
    onFrame: (listener) => listeners.onFrame(listener),
    onClose: (listener) => listeners.onClose(listener),
    close: (reason = 'closed') => listeners.emitClose(reason),
    get isOpen() {
      return !listeners.isClosed;
    },
  };
}
