/**
 * A client that floods the engine (requests past its in-flight cap, refused as busy, more than MAX_REFUSED_PER_SECOND
 * in a second) is closed, so it cannot take the engine's loop from the other clients: a second browser keeps being
 * answered, every request. A client that waits for each reply is never closed, however fast it goes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../../main/engine/engine';
import { createMemoryLogger } from '../../../main/engine/log';
import { MAX_REFUSED_PER_SECOND } from '../../../main/engine/session/client-session';
import { startServeServer } from '../../../main/serve/serve-server';
import { connectWebSocketCarrier } from '../../../shared/contract/carriers/websocket-client';
import { ContractClient } from '../../../shared/contract/client';
import { FakeDriverControl } from '../../support/fake-driver';
import { smallSite } from '../../support/sites';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** An engine in serve mode on a small site; its engine socket's URL and its log. Stopped after the file. */
async function serveEngine(): Promise<{ url: string; log: ReturnType<typeof createMemoryLogger> }> {
  const dir = mkdtempSync(join(tmpdir(), 'rec-flood-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  const log = createMemoryLogger();
  const engine = new Engine({ site: smallSite(10), siteFile: 't.yaml', dataDir: dir, factories: new FakeDriverControl().table(), log });
  const server = await startServeServer({ engine, rendererDir: dir });
  cleanups.push(async () => {
    await server.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { url: `ws://127.0.0.1:${server.port}/engine?token=${server.token}`, log };
}

it('closes a flooding client, and another client is answered all the while', async () => {
  const { url, log } = await serveEngine();

  const flooder = new WebSocket(url);
  await new Promise((resolve, reject) => flooder.once('open', resolve).once('error', reject));
  cleanups.push(() => flooder.terminate());
  const closed = new Promise<string>((resolve) => flooder.once('close', (_code, reason) => resolve(String(reason))));
  let answered = 0;
  flooder.on('message', (data, isBinary) => {
    if (!isBinary && (JSON.parse(String(data)) as { t?: string }).t === 'res') answered++;
  });
  const victimCarrier = await connectWebSocketCarrier(url);
  cleanups.push(() => victimCarrier.close());
  const victim = new ContractClient(victimCarrier, { timeoutMs: 10_000 });

  const request = JSON.stringify({ t: 'req', id: 1, name: 'link.clock', body: {} });
  const started = performance.now();
  let sent = 0;
  const flood = (async () => {
    while (performance.now() - started < 1500 && flooder.readyState === WebSocket.OPEN) {
      for (let i = 0; i < 500 && flooder.bufferedAmount < 4 * 1024 * 1024; i++, sent++) flooder.send(request);
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  let victimAnswers = 0;
  while (performance.now() - started < 1500) {
    await victim.request('link.clock', {});
    victimAnswers++;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await flood;
  expect(await closed).toMatch(/^flooding/);
  console.log(`flooder sent ${sent} before it was closed; the engine answered ${answered}; the other client ${victimAnswers} times in 1.5 s`);
  expect(sent).toBeGreaterThan(MAX_REFUSED_PER_SECOND); // it did flood
  expect(victimAnswers).toBeGreaterThan(5);
  expect(log.entries.filter((e) => e.code === 'session.flooding')).toHaveLength(1);

  // A client that waits for each reply is never refused, so never closed, however fast it goes.
  const fast = new ContractClient(await connectWebSocketCarrier(url), { timeoutMs: 10_000 });
  for (let i = 0; i < 3 * MAX_REFUSED_PER_SECOND; i++) await fast.request('link.clock', {});
  expect(log.entries.filter((e) => e.code === 'session.flooding')).toHaveLength(1);
}, 30_000);

it('weighs a refused frame by its size: a client sending large frames that are refused is closed after a few, not a thousand', async () => {
  const { url, log } = await serveEngine();
  const flooder = new WebSocket(url);
  await new Promise((resolve, reject) => flooder.once('open', resolve).once('error', reject));
  cleanups.push(() => flooder.terminate());
  const closed = new Promise<string>((resolve) => flooder.once('close', (_code, reason) => resolve(String(reason))));
  let refusals = 0;
  flooder.on('message', (data, isBinary) => {
    if (!isBinary && (JSON.parse(String(data)) as { ok?: boolean }).ok === false) refusals++;
  });
  // 100 KB each, under the frame cap, valid JSON, refused (a field the request does not declare).
  const pad = 'x'.repeat(100 * 1024);
  for (let i = 0; i < 100 && flooder.readyState === WebSocket.OPEN; i++) flooder.send(JSON.stringify({ t: 'req', id: i + 1, name: 'link.clock', body: { pad } }));
  expect(await closed).toMatch(/^flooding/);
  // At one refusal per KiB, the budget of MAX_REFUSED_PER_SECOND holds fewer than ten such frames.
  expect(refusals).toBeLessThan(Math.ceil(MAX_REFUSED_PER_SECOND / 100));
  expect(log.entries.filter((e) => e.code === 'session.flooding')).toHaveLength(1);
}, 30_000);
