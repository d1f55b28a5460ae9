/**
 * A subscription the server ends while the session lives on is the link lost, reported by the driver so the
 * supervisor connects anew (fresh subscriptions, values confirmed again). node-opcua's publish engine stops, silently,
 * once the server answers BadNoSubscription (it deleted the session's last subscription, or another session took it
 * over); a subscription deleted while others remain, or one the server stopped serving, just falls silent. The session
 * and the link still answer (probes, keep-alive reads), so before the driver watched for this nothing noticed: the
 * values aged out and stayed stale, the connection "connected", for good. A node-opcua server on loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, StatusCodes, Variant, type TransferSubscriptionsRequestLike, type TransferSubscriptionsResponse } from 'node-opcua';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { until } from '../../support/modbus-driver-harness';
import { startUaDriver, uaBinding, type UaDriverHarness, type UaDriverOptions } from '../../support/opcua-driver-harness';
import { rigSite, startEngine, answered, type EngineHarness } from '../../support/opcua-engine';
import { openPlainSession } from '../../support/plain-opcua-session';
import { startTestOpcUaServer, type TestOpcUaServer } from '../../support/opcua-test-server';

/** Generous bound for a loss the driver should report within about a keep-alive period (1 s here) and a half timeout. */
const NOTICE_MS = 15_000;
const dir = mkdtempSync(join(tmpdir(), 'rec-ua-subscription-lost-'));
let server: TestOpcUaServer;
let ua: UaDriverHarness | undefined;
let engine: EngineHarness | undefined;

beforeAll(async () => {
  server = await startTestOpcUaServer((namespace, objects) => {
    const folder = namespace.addFolder(objects, { browseName: 'Steady', nodeId: 's=Steady' });
    for (const name of ['A', 'B']) {
      const value = namespace.addVariable({ componentOf: folder, browseName: name, nodeId: `s=Steady.${name}`, dataType: 'Double' });
      value.setValueFromSource(new Variant({ dataType: DataType.Double, value: 3 }), StatusCodes.Good); // never changes
    }
  });
}, 30_000);

afterEach(async () => {
  await ua?.close();
  ua = undefined;
  await engine?.stop();
  engine = undefined;
});

afterAll(async () => {
  await server?.close();
  await closeAllPki();
  rmSync(dir, { recursive: true, force: true });
});

/** A driver on Steady.A (scan class fast, 100 ms: a keep-alive every second) with a 1 s timeout, its values flowing. */
async function connected(options: UaDriverOptions = {}): Promise<UaDriverHarness> {
  ua = await startUaDriver(server.url, { bindings: [uaBinding(0, 'ns=1;s=Steady.A')], scanClasses: { fast: 100 }, timeoutMs: 1000, ...options });
  await until(() => ua!.confirmed.length > 0, NOTICE_MS, 'a first confirmation');
  return ua;
}

const lost = (harness: UaDriverHarness) => harness.lost.map((e) => `${e.kind}/${e.code}: ${e.message}`);

describe('OPC UA subscription ended on the server, session alive', () => {
  it('a healthy subscription whose values never change is not taken for lost', async () => {
    const harness = await connected();
    const first = harness.confirmed.length;
    await until(() => harness.confirmed.length >= first + 4, NOTICE_MS, 'four keep-alives'); // well past the silence limit
    expect(harness.lost).toEqual([]);
  });

  it('deleted by the server (BadNoSubscription stops node-opcua publishing): reported lost at that answer, not a silence later', async () => {
    const harness = await connected();
    server.deleteSubscriptions();
    await until(() => harness.lost.length > 0, NOTICE_MS, 'the loss reported');
    expect(lost(harness)).toEqual(['link-lost/subscription-lost: the server answered a Publish with BadNoSubscription: it holds none of this session\'s subscriptions any more']);
    await expect(harness.driver.probe()).resolves.toBeGreaterThanOrEqual(0); // the session answers: nothing else would have noticed
  });

  it('one of two deleted while the other publishes on: reported lost', async () => {
    const harness = await connected({ bindings: [uaBinding(0, 'ns=1;s=Steady.A'), uaBinding(1, 'ns=1;s=Steady.B', { scanClass: 'slow' })], scanClasses: { fast: 100, slow: 200 } });
    const fast = server.subscriptions().filter((s) => s.publishingIntervalMs === 100);
    expect(fast).toHaveLength(1);
    server.deleteSubscriptions(fast.map((s) => s.id));
    await until(() => harness.lost.length > 0, NOTICE_MS, 'the loss reported');
    expect(lost(harness)).toEqual([expect.stringMatching(new RegExp(`^link-lost/subscription-lost: subscription ${fast[0]!.id} is gone on the server`))]);
  });

  it('taken over by another session (TransferSubscriptions): reported lost at the GoodSubscriptionTransferred status change', async () => {
    const harness = await connected();
    const other = await openPlainSession(server.url);
    try {
      // Typed on the session's raw service only, whose first overload (with a callback) returns nothing.
      const session = other.session as unknown as { transferSubscriptions(options: TransferSubscriptionsRequestLike): Promise<TransferSubscriptionsResponse> };
      const transfer = await session.transferSubscriptions({ subscriptionIds: server.subscriptions().map((s) => s.id), sendInitialValues: false });
      expect(transfer.results?.map((r) => r.statusCode.name)).toEqual(['Good']);
      await until(() => harness.lost.length > 0, NOTICE_MS, 'the loss reported');
      expect(lost(harness)).toEqual([expect.stringMatching(/^link-lost\/subscription-lost: subscription \d+: GoodSubscriptionTransferred$/)]);
    } finally {
      await other.close();
    }
  });

  it('expired: reported lost (its BadTimeout status change, or the next Publish answered BadNoSubscription, whichever comes first)', async () => {
    const harness = await connected();
    server.expireSubscriptions();
    await until(() => harness.lost.length > 0, NOTICE_MS, 'the loss reported');
    expect(lost(harness)).toEqual([expect.stringMatching(/^link-lost\/subscription-lost: (subscription \d+: BadTimeout|the server answered a Publish with BadNoSubscription)/)]);
  });

  it('still there but publishing nothing while the server answers: reported lost', async () => {
    const harness = await connected();
    server.stallSubscriptions();
    await until(() => harness.lost.length > 0, NOTICE_MS, 'the loss reported');
    expect(lost(harness)).toEqual([expect.stringMatching(/^link-lost\/subscription-lost: subscription \d+ publishes nothing while the server answers/)]);
  });

  it('the engine reconnects by itself after the server deleted the subscription, and the value is confirmed again', async () => {
    const site = rigSite({ endpoint: server.url, security: { mode: 'None', policy: 'None' }, user: { kind: 'anonymous' }, tags: { a: 'ns=1;s=Steady.A' }, timeoutMs: 1000, backoff: { initialMs: 100, maxMs: 500 } });
    engine = startEngine(site, join(dir, 'engine'), false);
    const harness = engine;
    await harness.waitForState((s) => s.state === 'connected');
    await answered(harness);
    const { store } = harness.engine;
    await until(() => (store.get(0)?.confirmTime ?? 0) > 0, NOTICE_MS, 'a first confirmation');
    const before = harness.states.length;
    server.deleteSubscriptions();
    const deletedAt = Date.now();
    const since = () => harness.states.slice(before);
    await until(() => since().some((s) => s.state === 'backoff' && s.reason?.code === 'link-lost'), NOTICE_MS, 'the link reported lost');
    await until(() => since().some((s, i) => s.state === 'connected' && i > since().findIndex((b) => b.state === 'backoff')), NOTICE_MS, 'connected again');
    await until(() => (store.get(0)?.confirmTime ?? 0) > deletedAt, NOTICE_MS, 'the value confirmed by the new subscription');
    expect(store.get(0)?.value).toBe(3);
  });
});
