/**
 * A server that slows the publishing interval it was asked for (here: no less than 400 ms) would stretch the
 * keep-alive past what the staleness rule assumes (ten requested intervals): unchanged values would read stale
 * between keep-alives, and interlocks on them refuse motion now and then. The driver asks for fewer intervals per
 * keep-alive so the period stays within it, and says so when even one interval is too long. The real rig simulator
 * in this process over a real node-opcua session.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subscription, type ClientSession } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdKeepAlive, LIFETIME_COUNT } from '../../../main/engine/drivers/opcua/keep-alive';
import { createMemoryLogger } from '../../../main/engine/log';
import { startRigServer, type RigServer } from '../../../main/sim/rig/rig-server';
import { OPCUA_KEEPALIVE_COUNT } from '../../../shared/site/stale-after';
import { openPlainSession } from '../../support/plain-opcua-session';

const SERVER_FLOOR_MS = 400;
const dir = mkdtempSync(join(tmpdir(), 'rec-keep-alive-'));
const floorBefore = Subscription.minimumPublishingInterval;
let server: RigServer;
let opened: Awaited<ReturnType<typeof openPlainSession>> | undefined;
let session: ClientSession;

beforeAll(async () => {
  Subscription.minimumPublishingInterval = SERVER_FLOOR_MS; // this process's server: slower than asked
  server = await startRigServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'rig') });
  opened = await openPlainSession(server.url);
  session = opened.session;
}, 30_000);

afterAll(async () => {
  await opened?.close();
  await server?.close();
  Subscription.minimumPublishingInterval = floorBefore;
  rmSync(dir, { recursive: true, force: true });
});

const subscribe = (requestedMs: number) =>
  session.createSubscription2({ requestedPublishingInterval: requestedMs, requestedLifetimeCount: LIFETIME_COUNT, requestedMaxKeepAliveCount: OPCUA_KEEPALIVE_COUNT, maxNotificationsPerPublish: 0, publishingEnabled: true, priority: 10 });

describe('keep-alive held to the staleness rule', () => {
  it('asks for fewer intervals per keep-alive when the server slowed the interval', async () => {
    const subscription = await subscribe(250);
    expect(subscription.publishingInterval).toBe(SERVER_FLOOR_MS);
    expect(subscription.publishingInterval * subscription.maxKeepAliveCount).toBeGreaterThan(OPCUA_KEEPALIVE_COUNT * 250); // 4,000 ms against 2,500
    const log = createMemoryLogger();
    await holdKeepAlive(subscription, 250, log);
    expect(subscription.maxKeepAliveCount).toBe(Math.floor((OPCUA_KEEPALIVE_COUNT * 250) / SERVER_FLOOR_MS)); // 6: 2,400 ms
    expect(subscription.publishingInterval * subscription.maxKeepAliveCount).toBeLessThanOrEqual(OPCUA_KEEPALIVE_COUNT * 250);
    expect(log.entries.filter((e) => e.level === 'warn')).toEqual([]);
    await subscription.terminate();
  });

  it('leaves a subscription the server granted as asked alone, and warns when one interval is already too long', async () => {
    const granted = await subscribe(1000);
    const log = createMemoryLogger();
    await holdKeepAlive(granted, 1000, log);
    expect(granted.maxKeepAliveCount).toBe(OPCUA_KEEPALIVE_COUNT);
    await granted.terminate();
    const tooFast = await subscribe(20); // 10 × 20 ms = 200 ms: less than the server's one interval
    await holdKeepAlive(tooFast, 20, log);
    expect(log.entries.map((e) => e.code)).toEqual(['opcua.publishing-revised']);
    await tooFast.terminate();
  });
});
