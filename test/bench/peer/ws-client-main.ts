/**
 * The serve-mode client of modbus-crane.ts in a process of its own, as a browser is: its WebSocket framing and JSON
 * work do not run on the engine's thread. Connects to URL, logs in, then on each IPC message `{ n }` makes n
 * sequential `modbus.read` calls of 10 registers (the bench's addresses) and answers their latencies (ms). Ends when its parent's channel closes.
 * Usage: node --import tsx ws-client-main.ts URL
 */
import { connectWebSocketCarrier } from '../../../shared/contract/carriers/websocket-client';
import { ContractClient } from '../../../shared/contract/client';
import { loginAs } from '../../support/test-users';

const send = (message: unknown) => process.send?.(message);
const carrier = await connectWebSocketCarrier(process.argv[2] ?? '');
const client = new ContractClient(carrier);
await loginAs(client, 'admin');
process.on('disconnect', () => {
  client.close();
  process.exit(0);
});
process.on('message', (message: { n: number }) => {
  void (async () => {
    const latencies: number[] = [];
    for (let i = 0; i < message.n; i++) {
      const started = performance.now();
      await client.request('modbus.read', { connectionId: 'crane-plc', address: `holding:${(i * 10) % 40}`, count: 10 });
      latencies.push(performance.now() - started);
    }
    send({ latencies });
  })().catch((error: unknown) => send({ error: error instanceof Error ? error.message : String(error) }));
});
send({ ready: true });
