/**
 * Serve mode's connection limits: any local program may connect, token or not, so connections left idle must not
 * pile up until the engine in the same process can open no socket to its equipment. Over the cap a connection is
 * closed at once; one that sends no request in time is closed; a console's WebSocket, once upgraded, stays.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../main/engine/engine';
import { createMemoryLogger } from '../../../main/engine/log';
import { startServeServer, type ServeServer } from '../../../main/serve/serve-server';
import { connectWebSocketCarrier } from '../../../shared/contract/carriers/websocket-client';
import { ContractClient } from '../../../shared/contract/client';
import { FakeDriverControl } from '../../support/fake-driver';
import { smallSite } from '../../support/sites';

const LIMITS = { maxConnections: 6, headersTimeoutMs: 400, requestTimeoutMs: 800 };
let server: ServeServer;
let engine: Engine;
const dir = mkdtempSync(join(tmpdir(), 'rec-serve-limits-'));
const opened: Socket[] = [];

beforeAll(async () => {
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
  engine = new Engine({ site: smallSite(1), siteFile: 't.yaml', dataDir: dir, factories: new FakeDriverControl().table(), log: createMemoryLogger() });
  server = await startServeServer({ engine, rendererDir: join(dir, 'renderer'), limits: LIMITS });
});
afterAll(async () => {
  for (const socket of opened) socket.destroy();
  await server.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw connection that sends nothing; resolves once connected, with a promise of its close and of any bytes. */
async function idle(): Promise<{ closed: Promise<void>; received: () => string }> {
  const socket = connect(server.port, '127.0.0.1');
  opened.push(socket);
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { closed, received: () => received };
}

const isClosedWithin = (closed: Promise<void>, ms: number) => Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);

describe('serve-mode connection limits', () => {
  it('a console connected first stays open past the request timeout, while idle connections are closed and the cap holds', async () => {
    const carrier = await connectWebSocketCarrier(`ws://127.0.0.1:${server.port}/engine?token=${server.token}`);
    const console_ = new ContractClient(carrier);
    await console_.request('session.whoami', {});
    // Fill the rest of the cap with connections that send nothing, then one more: that one is closed at once.
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnections - 1 }, () => idle()));
    const over = await idle();
    expect(await isClosedWithin(over.closed, 5_000)).toBe(true);
    expect(over.received()).toBe('');
    // The idle ones are closed once their headers are late (timeouts are checked every interval).
    for (const connection of held) expect(await isClosedWithin(connection.closed, 10_000)).toBe(true);
    // The console's WebSocket outlived all of that (more than the request timeout) and still answers.
    expect(carrier.isOpen).toBe(true);
    expect((await console_.request('session.whoami', {})).principal).toBeDefined();
    // With room again, a new connection is taken.
    const again = await idle();
    expect(await isClosedWithin(again.closed, 100)).toBe(false);
    carrier.close();
  });
});
