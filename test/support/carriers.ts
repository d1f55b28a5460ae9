/** The three carriers of the contract, each set up against a real engine, for tests that must hold on all of them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../main/engine/engine';
import { startServeServer } from '../../main/serve/serve-server';
import { createInMemoryCarrierPair, type Carrier } from '../../shared/contract/carriers/carrier';
import { createMessagePortCarrier, domPort, type DomMessagePort } from '../../shared/contract/carriers/message-port';
import { connectWebSocketCarrier } from '../../shared/contract/carriers/websocket-client';

/** A client-side carrier attached to `engine`, and how to tear it down. */
export interface CarrierSetup {
  carrier: Carrier;
  close(): Promise<void>;
}

export const CARRIERS: Record<string, (engine: Engine) => Promise<CarrierSetup>> = {
  'in-memory': async (engine) => {
    const [engineSide, clientSide] = createInMemoryCarrierPair();
    engine.attach(engineSide, 'in-memory');
    return { carrier: clientSide, close: async () => clientSide.close() };
  },
  websocket: async (engine) => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-renderer-'));
    const server = await startServeServer({ engine, rendererDir: dir });
    const carrier = await connectWebSocketCarrier(`ws://127.0.0.1:${server.port}/engine?token=${server.token}`);
    return {
      carrier,
      close: async () => {
        carrier.close();
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  'message-port': async (engine) => {
    const channel = new MessageChannel();
    engine.attach(createMessagePortCarrier(domPort(channel.port1 as unknown as DomMessagePort)), 'message-port');
    const carrier = createMessagePortCarrier(domPort(channel.port2 as unknown as DomMessagePort));
    return {
      carrier,
      close: async () => {
        carrier.close();
        channel.port1.close();
      },
    };
  },
};

/** Sends one raw frame and resolves with the next text frame parsed as JSON. */
export function rawExchange(carrier: Carrier, frame: string | ArrayBuffer, timeoutMs = 3000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no answer'));
    }, timeoutMs);
    const off = carrier.onFrame((reply) => {
      if (typeof reply !== 'string') return;
      clearTimeout(timer);
      off();
      resolve(JSON.parse(reply) as Record<string, unknown>);
    });
    carrier.send(frame);
  });
}
