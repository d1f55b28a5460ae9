/**
 * The serve-mode client of modbus-crane.ts in a process of its own, as a browser is: its WebSocket framing and JSON
 * work do not run on the engine's thread. Connects to URL, logs in, then on each IPC message `{ n }` makes n
 * sequential `modbus.read` calls of 10 registers (the bench's addresses) and answers their latencies (ms). With
 * `{ n, bare: URL }` it sends the same request text n times, one after another, to a bare `ws` server at URL that
 * answers each with a fixed reply of the engine's own reply text: the same socket round trip between the same two
 * processes with the same client library, and no engine (the floor under the hop). Ends when its parent's channel closes.
 * Usage: node --import tsx ws-client-main.ts URL
 */
import type { Carrier } from '../../../shared/contract/carriers/carrier';
import { connectWebSocketCarrier } from '../../../shared/contract/carriers/websocket-client';
import { ContractClient } from '../../../shared/contract/client';
import { loginAs } from '../../support/test-users';

const send = (message: unknown) => process.send?.(message);
const carrier = await connectWebSocketCarrier(process.argv[2] ?? '');
/** The last frame the contract client sent: a `modbus.read` request's text once the first batch ran. */
let lastRequest: Parameters<Carrier['send']>[0] | undefined;
const sendFrame = carrier.send.bind(carrier);
carrier.send = (frame) => {
  lastRequest = frame;
  sendFrame(frame);
};
const client = new ContractClient(carrier);
await loginAs(client, 'admin');
const read = (i: number) => client.request('modbus.read', { connectionId: 'crane-plc', address: `holding:${(i * 10) % 40}`, count: 10 });
await read(0); // so that a bare batch has a request text to send even if it comes first
let bare: Carrier | undefined;

/** n sequential round trips of the last request text to the bare server at `url`. */
async function bareBatch(url: string, n: number): Promise<number[]> {
  bare ??= await connectWebSocketCarrier(url);
  const socket = bare;
  const request = lastRequest as Parameters<Carrier['send']>[0];
  let answered: (() => void) | undefined;
  const off = socket.onFrame(() => answered?.());
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      answered = resolve;
      socket.send(request);
    });
    latencies.push(performance.now() - started);
  }
  off();
  return latencies;
}

process.on('disconnect', () => {
  client.close();
  bare?.close();
  process.exit(0);
});
process.on('message', (message: { n: number; bare?: string }) => {
  void (async () => {
    if (message.bare) return send({ latencies: await bareBatch(message.bare, message.n) });
    const latencies: number[] = [];
    for (let i = 0; i < message.n; i++) {
      const started = performance.now();
      await read(i);
      latencies.push(performance.now() - started);
    }
    send({ latencies });
  })().catch((error: unknown) => send({ error: error instanceof Error ? error.message : String(error) }));
});
send({ ready: true });
