/** Serve mode drops a client that does not read its socket: after the grace period, or at once over the hard cap. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SlowReaderPolicy } from '../../../main/engine/carriers/websocket-server-carrier';
import { Engine } from '../../../main/engine/engine';
import { createMemoryLogger } from '../../../main/engine/log';
import { startServeServer, type ServeServer } from '../../../main/serve/serve-server';
import { FakeDriverControl } from '../../support/fake-driver';
import { until } from '../../support/modbus-driver-harness';
import { smallSite } from '../../support/sites';

const KiB = 1024;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(slowReader: SlowReaderPolicy) {
  const dir = mkdtempSync(join(tmpdir(), 'rec-slow-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  const log = createMemoryLogger();
  // 2000 tags: every signals.catalog reply is about 100 KiB.
  const engine = new Engine({ site: smallSite(2000), siteFile: 't.yaml', dataDir: dir, factories: new FakeDriverControl().table(), log });
  const server: ServeServer = await startServeServer({ engine, rendererDir: dir, slowReader });
  cleanups.push(async () => {
    await server.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { log, url: `ws://127.0.0.1:${server.port}/engine?token=${server.token}` };
}

/** A client that never reads, asking for the catalog in bursts until the engine drops it; resolves with the drop line. */
async function neverRead(setup: Awaited<ReturnType<typeof serve>>): Promise<string> {
  const ws = new WebSocket(setup.url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  let id = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < 20 && ws.bufferedAmount < 1024 * KiB; i++) ws.send(JSON.stringify({ t: 'req', id: id++, name: 'signals.catalog', body: {} }));
  }, 10);
  const dropped = () => setup.log.entries.filter((e) => e.code === 'carrier.slow-client');
  try {
    await until(() => dropped().length > 0, 20_000, 'the slow client dropped');
  } finally {
    clearInterval(timer);
    ws.terminate();
  }
  expect(dropped()).toHaveLength(1);
  return dropped()[0]?.message ?? '';
}

describe('a client that does not read its socket', () => {
  it('is dropped once it stays over the cap for the grace period, with the reason logged once', async () => {
    const setup = await serve({ maxBufferedBytes: 256 * KiB, graceMs: 300, hardLimitBytes: 1024 * 1024 * KiB });
    expect(await neverRead(setup)).toMatch(/^ws:\d+ dropped: it did not read its socket for \d+\.\d s \(\d+\.\d MiB unread\)$/);
  });

  it('is dropped at once over the hard cap', async () => {
    const setup = await serve({ maxBufferedBytes: 256 * KiB, graceMs: 60_000, hardLimitBytes: 512 * KiB });
    expect(await neverRead(setup)).toMatch(/^ws:\d+ dropped: it left \d+\.\d MiB unread \(limit 0\.5 MiB\)$/);
  });
});
