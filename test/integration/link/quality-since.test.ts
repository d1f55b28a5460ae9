/**
 * A link's quality carries the time its level was entered, and keeps it: a link that never answered is lost since
 * the engine began watching it (not since whoever asked last), and a link lost under a running engine stays lost since
 * that moment while reconnect attempts come and go. Before, every poll of a never-answering link and every fresh event
 * moved the time to now, so the link page said "lost since" the moment it was opened.
 */
import { createServer } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { until } from '../../support/modbus-driver-harness';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';

const EQ = 'sts-crane-1';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A loopback port nothing listens on (taken, then freed). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until `check` answers true (asked every 50 ms), or fails naming `what`. */
async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The highest reconnect attempt the console was told of. */
const attemptsSeen = (c: Console) => Math.max(0, ...c.events.filter((e) => e.name === 'connection.state').map((e) => (e.body as { attempt: number }).attempt));

async function qualityNow(c: Console) {
  const link = (await c.client.request('link.stats', { connectionId: 'crane-plc', brief: true })).links[0];
  const quality = link?.equipment.find((e) => e.quality.equipmentId === EQ)?.quality;
  if (!quality) throw new Error('no quality for the crane');
  return quality;
}

it('a link that never answered is lost since the engine started watching it, however often it is asked', async () => {
  const before = Date.now();
  const c = await startConsole(await craneSite(await deadPort()), 401, false);
  cleanups.push(() => c.stop());
  const after = Date.now();
  const first = await qualityNow(c);
  expect(first.quality).toBe('lost');
  expect(first.since).toBeGreaterThanOrEqual(before);
  expect(first.since).toBeLessThanOrEqual(after);
  const events: number[] = [];
  c.client.on('link.quality', (q) => q.equipmentId === EQ && events.push(q.since));
  // Across several reconnect attempts (the backoff) and polls, the time stays.
  await until(() => attemptsSeen(c) >= 3, 15_000, 'three reconnect attempts');
  expect((await qualityNow(c)).since).toBe(first.since);
  for (const since of events) expect(since).toBe(first.since);
}, 30_000);

it('a link lost under a running engine stays lost since that moment while it tries to reconnect', async () => {
  const crane = await startCrane();
  let craneUp = true;
  cleanups.push(async () => {
    if (craneUp) await crane.stop();
  });
  const c = await startConsole(await craneSite(crane.port), 402, false);
  cleanups.push(() => c.stop());
  await waitConnected(c);
  await eventually(async () => (await qualityNow(c)).quality !== 'lost', 15_000, 'the link answering');
  const cutAt = Date.now();
  await crane.stop();
  craneUp = false;
  let lostSince = 0;
  await eventually(async () => {
    const q = await qualityNow(c);
    lostSince = q.quality === 'lost' ? q.since : 0;
    return lostSince > 0;
  }, 10_000, 'the link judged lost');
  expect(lostSince).toBeGreaterThanOrEqual(cutAt);
  await until(() => attemptsSeen(c) >= 3, 15_000, 'three reconnect attempts');
  expect((await qualityNow(c)).since).toBe(lostSince);
}, 40_000);
