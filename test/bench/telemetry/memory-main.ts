/**
 * One point of engine-memory.ts in its own process: `project` (the real Engine, fake driver, history and alarms on,
 * one in-memory client subscribed to telemetry) or `bare` (the baseline server and one ws client), N signals updated
 * for a few rounds, then a forced GC; prints one JSON line of heap, array buffers and RSS (bytes).
 * Usage: node --expose-gc --import tsx memory-main.ts project|bare N
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { DriverContext, Sample } from '../../../main/engine/drivers/driver';
import { Engine } from '../../../main/engine/engine';
import { tuneEngineHeap } from '../../../main/engine/heap-tuning';
import { createInMemoryCarrierPair } from '../../../shared/contract/carriers/carrier';
import { ContractClient } from '../../../shared/contract/client';
import { decodeTelemetry, Quality } from '../../../shared/contract/telemetry';
import { FakeDriverControl } from '../../support/fake-driver';
import { smallSite } from '../../support/sites';
import { startBareServer } from './bare-server';

const [side, n] = process.argv.slice(2);
const count = Number(n);
const ROUNDS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dir = mkdtempSync(join(tmpdir(), 'rec-bench-memory-'));
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
let close: () => Promise<void>;

if (side === 'bare') {
  const bare = await startBareServer(count);
  const socket = new WebSocket(bare.url);
  socket.on('message', (data: Buffer) => {
    const frame = decodeTelemetry(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
    if (!('error' in frame)) socket.send(String(frame.seq));
  });
  await new Promise((r) => socket.once('open', r));
  for (let round = 1; round <= ROUNDS; round++) {
    bare.update((i) => round + i * 1e-3, Date.now());
    await sleep(100);
  }
  close = async () => {
    socket.close();
    await bare.close();
  };
} else {
  tuneEngineHeap(); // The V8 setting of the app's engine processes (startEngine applies it there).
  const control = new FakeDriverControl();
  const engine = new Engine({ site: smallSite(count, 'opcua'), siteFile: 'bench.yaml', dataDir: dir, factories: control.table(), log: silent }).start();
  while (!control.current) await sleep(10);
  const ctx = control.current as DriverContext;
  const [engineSide, clientSide] = createInMemoryCarrierPair();
  engine.attach(engineSide, 'bench');
  const client = new ContractClient(clientSide);
  client.onTelemetry((_frame, ack) => ack());
  await client.request('telemetry.subscribe', {});
  for (let round = 1; round <= ROUNDS; round++) {
    ctx.emit(ctx.bindings.map((b, i): Sample => ({ signalId: b.signalId, value: round + i * 1e-3, quality: Quality.good, sourceTime: Date.now() })));
    await sleep(100);
  }
  await engine.history.flush();
  close = async () => {
    client.close();
    await engine.stop();
  };
}

for (let i = 0; i < 3; i++) {
  global.gc?.();
  await sleep(50);
}
const m = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, rss: m.rss })}\n`);
await close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
