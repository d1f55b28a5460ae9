/**
 * The console's side of the Node-RED comparison, in its own process: a real Engine (real site schema, the
 * production driver table, audit and history in a temporary data folder) polling 2,000 holding registers as 20
 * blocks of 100 (addresses k·200 … k·200+99, so the planner makes exactly Node-RED's 20 requests) every 100 ms.
 * Prints one JSON line `{"ready":true}` once the connection answers; runs until killed.
 * Run (by nodered-peer.ts, bundled as the app ships: peer/bundle-engine.ts): node engine-poller.cjs PORT DATA_DIR
 */
import { SiteFile } from '../../../shared/site/schema';
import { Engine } from '../../../main/engine/engine';
import { tuneEngineHeap } from '../../../main/engine/heap-tuning';
import { createMemoryLogger } from '../../../main/engine/log';
import { driverFactories } from '../../../main/engine/drivers/factories';
import { BLOCKS, BLOCK_SIZE, BLOCK_STRIDE } from './peer-layout';

const [port, dataDir] = process.argv.slice(2);
tuneEngineHeap(); // The V8 setting of the app's engine processes (startEngine applies it there).
const tags: Record<string, Record<string, unknown>> = {};
for (let b = 0; b < BLOCKS; b++) for (let i = 0; i < BLOCK_SIZE; i++) tags[`r${b}_${i}`] = { address: `holding:${b * BLOCK_STRIDE + i}`, type: 'uint16', scanClass: 'fast' };
const site = SiteFile.parse({
  site: { name: 'Node-RED peer' },
  scanClasses: { fast: { periodMs: 100 } },
  connections: [{ id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1', port: Number(port), unitId: 1, timeoutMs: 1000 }],
  equipment: [{ id: 'eq1', name: 'Peer device', type: 'generic', connection: 'plc', tags }],
});
const engine = new Engine({ site, siteFile: 'peer.yaml', dataDir: dataDir as string, factories: driverFactories, log: createMemoryLogger() });
engine.start();
const timer = setInterval(() => {
  if (engine.supervisors.get('plc')?.status.state !== 'connected') return;
  clearInterval(timer);
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}, 50);
process.on('SIGTERM', () => void engine.stop().finally(() => process.exit(0)));
