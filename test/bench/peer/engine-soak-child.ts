/**
 * The engine of the soak benchmark, in its own process (so its memory is measured alone): the demo site's crane
 * (through the link lab in front of the simulator), audit and history in a temporary data folder, one client
 * subscribed to telemetry (acking every frame) and to every event. Every `sampleMs` it prints one JSON line: memory
 * after a full GC, and counts of what churned. Run (by engine-soak.ts): node --expose-gc --import tsx
 * test/bench/peer/engine-soak-child.ts PROXY_PORT DATA_DIR SAMPLE_MS
 */
import { createInMemoryCarrierPair } from '../../../shared/contract/carriers/carrier';
import { ContractClient } from '../../../shared/contract/client';
import { Engine } from '../../../main/engine/engine';
import { tuneEngineHeap } from '../../../main/engine/heap-tuning';
import { createLogger } from '../../../main/engine/log';
import { driverFactories } from '../../../main/engine/drivers/factories';
import { craneSite } from '../../support/crane-console';
import { loginAs } from '../../support/test-users';

const [port, dataDir, sampleMs] = process.argv.slice(2);
tuneEngineHeap(); // The V8 setting of the app's engine processes (startEngine applies it there).
let lastLog = '';
const site = await craneSite(Number(port));
const engine = new Engine({ site, siteFile: 'soak.yaml', dataDir: dataDir as string, factories: driverFactories, log: createLogger('warn', (line) => (lastLog = line)), consoleId: 7 });
const [clientSide, engineSide] = createInMemoryCarrierPair();
engine.attach(engineSide, 'soak');
const client = new ContractClient(clientSide, { timeoutMs: 30_000 });
const counts = { frames: 0, alarmEvents: 0, stateEvents: 0 };
client.onTelemetry((_frame, ack) => {
  counts.frames++;
  ack();
});
client.on('alarm.changed', () => counts.alarmEvents++);
client.on('connection.state', () => counts.stateEvents++);
engine.start();
await loginAs(client, 'operator');
await client.request('telemetry.subscribe', {});
const gc = (globalThis as { gc?: () => void }).gc;
setInterval(() => {
  gc?.();
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
  process.stdout.write(`${JSON.stringify({ at: Date.now(), rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers), ...counts, historyWritten: engine.history.written, lastLog: lastLog.slice(0, 160) })}\n`);
}, Number(sampleMs));
process.on('SIGTERM', () => void engine.stop().finally(() => process.exit(0)));
