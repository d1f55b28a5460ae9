import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSimulators } from '../../main/cli/sim-process';
import { closeMaster, connectMaster } from '../integration/sim/sim-clients';
import { craneSite, startConsole, waitConnected } from '../support/crane-console';
const dataDir = mkdtempSync(join(tmpdir(), 'rec-prof-'));
const sims = await spawnSimulators(['--only', 'crane', '--base-port', '0', '--data-dir', dataDir], 1);
const port = Number(new URL(sims.endpoints.get('crane')!).port);
const master = await connectMaster('tcp', port);
const site = await craneSite(port);
const local = await startConsole(site, 41, 'admin', 'bench-local');
await waitConnected(local);
const mode = process.argv[2] ?? 'all';
const N = Number(process.argv[3] ?? 20000);
const paths: Record<string, (i: number) => Promise<unknown>> = {
  raw: (i) => master.readHoldingRegisters((i * 10) % 40, 10),
  below: (i) => local.engine.services.maintenance.modbusRead('crane-plc', { address: `holding:${(i * 10) % 40}`, count: 10 }),
  inproc: (i) => local.client.request('modbus.read', { connectionId: 'crane-plc', address: `holding:${(i * 10) % 40}`, count: 10 }),
};
for (let round = 0; round < 3; round++) for (const [k, f] of Object.entries(paths)) {
  if (mode !== 'all' && mode !== k) continue;
  const lat: number[] = [];
  for (let i = 0; i < N; i++) { const t = performance.now(); await f(i); lat.push(performance.now() - t); }
  lat.sort((a, b) => a - b);
  console.log(k, 'p50', (lat[lat.length >> 1]! * 1000).toFixed(1), 'us', 'mean', (lat.reduce((a, b) => a + b, 0) / N * 1000).toFixed(1));
}
await local.stop(); await closeMaster(master); await sims.stop(); rmSync(dataDir, { recursive: true, force: true });
