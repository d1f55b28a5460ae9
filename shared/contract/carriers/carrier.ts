/** A carrier moves encoded frames between one client and the engine: in-memory, WebSocket or MessagePort. */
import type { WireFrame } from '../envelope';

/** One end of a bidirectional frame channel. Carriers never interpret frames: the codec does. */
export interface Carrier {
  send(frame: WireFrame): void;
  /** Subscribes to inbound frames; returns the unsubscribe function. */
  onFrame(listener: (frame: unknown) => void): () => void;
  onClose(listener: (reason: string) => void): () => void;
  close(reason?: string): void;
  readonly isOpen: boolean;
}

/** Shared listener bookkeeping for carrier implementations. */
export class CarrierListeners {
  private readonly frameListeners = new Set<(frame: unknown) => void>();
  private readonly closeListeners = new Set<(reason: string) => void>();
  private closed = false;

  onFrame(listener: (frame: unknown) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  emitFrame(frame: unknown): void {
    for (const listener of this.frameListeners) listener(frame);
  }

  /** Fires close listeners once; later calls are ignored. */
  emitClose(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners) listener(reason);
    this.frameListeners.clear();
    this.closeListeners.clear();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

/** Two linked in-memory carriers (unit tests): frames are delivered asynchronously, binary frames copied as a transfer would. */
export function createInMemoryCarrierPair(): [Carrier, Carrier] {
  const sides = [new CarrierListeners(), new CarrierListeners()] as const;
  const make = (self: CarrierListeners, peer: CarrierListeners): Carrier => ({
    send(frame) {
      if (self.isClosed) return;
      const copy = typeof frame === 'string' ? frame : frame.slice(0);
      queueMicrotask(() => peer.emitFrame(copy));
    },
    onFrame: (listener) => self.onFrame(listener),
    onClose: (listener) => self.onClose(listener),
    close(reason = 'closed') {
      queueMicrotask(() => {
        self.emitClose(reason);
        peer.emitClose(reason);
      });
    },
    get isOpen() {
      return !self.isClosed;
    },
  });
  return [make(sides[0], sides[1]), make(sides[1], sides[0])];
}
