/**
 * Serve mode says why a client went when the engine did not choose it: a ping flood (which `ws` cuts with no reason
 * of its own) or an over-long frame used to end the connection without a log line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../../main/engine/engine';
import { createMemoryLogger } from '../../../main/engine/log';
import { startServeServer } from '../../../main/serve/serve-server';
import { FakeDriverControl } from '../../support/fake-driver';
import { until } from '../../support/modbus-driver-harness';
import { smallSite } from '../../support/sites';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve() {
  const dir = mkdtempSync(join(tmpdir(), 'rec-dropped-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  const log = createMemoryLogger();
  const engine = new Engine({ site: smallSite(3), siteFile: 't.yaml', dataDir: dir, factories: new FakeDriverControl().table(), log });
  const server = await startServeServer({ engine, rendererDir: dir });
  cleanups.push(async () => {
    await server.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/engine?token=${server.token}`);
  cleanups.push(async () => void ws.terminate());
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const closed = new Promise<number>((resolve) => ws.once('close', resolve));
  ws.on('error', () => undefined);
  return { log, ws, closed };
}

it('logs a client cut for a ping flood, saying so', async () => {
  const { log, ws, closed } = await serve();
  for (let i = 0; i < 200; i++) ws.ping();
  expect(await closed).toBe(1006);
  await until(() => log.entries.some((e) => e.code === 'carrier.closed'), 5000, 'the close logged');
  expect(log.entries.find((e) => e.code === 'carrier.closed')?.message).toMatch(/^ws:\d+ connection ended abnormally \(code 1006; \d+ pings in its last second: cut by the WebSocket library as a ping flood\)$/);
});

it('logs a client closed for a frame over the socket limit', async () => {
  const { log, ws, closed } = await serve();
  ws.send('x'.repeat(2 * 1024 * 1024));
  expect(await closed).toBe(1009);
  await until(() => log.entries.some((e) => e.code === 'carrier.protocol-error'), 5000, 'the close logged');
  expect(log.entries.find((e) => e.code === 'carrier.protocol-error')?.message).toMatch(/^ws:\d+ closed: Max payload size exceeded$/);
});
