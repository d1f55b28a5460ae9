/**
 * The subscription watch (drivers/opcua/subscription-watch.ts) asks about a subscription silent past its keep-alive
 * period and half the timeout; on a slow but healthy link it must never take a subscription for lost. Publish
 * responses and the check's answer share one TCP connection, so a delayed keep-alive arrives before the late answer.
 * A node-opcua server on loopback behind the link lab's proxy: a fixed 400 ms round trip (a third of the timeout's
 * half), then LTE (80 ms, jitter, stalls), values that never change (only keep-alives confirm them).
 */
import { DataType, StatusCodes, Variant } from 'node-opcua';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedRttProfile, startLinkProxy, type LinkProxy } from '../../../main/sim/link-lab';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { until } from '../../support/modbus-driver-harness';
import { startUaDriver, uaBinding, type UaDriverHarness } from '../../support/opcua-driver-harness';
import { startTestOpcUaServer, type TestOpcUaServer } from '../../support/opcua-test-server';

/** How long each profile runs: several silence limits (1 s keep-alive + 1 s half timeout) each. */
const RUN_MS = 8_000;
let server: TestOpcUaServer;
let proxy: LinkProxy;
let ua: UaDriverHarness;

beforeAll(async () => {
  server = await startTestOpcUaServer((namespace, objects) => {
    const folder = namespace.addFolder(objects, { browseName: 'Slow', nodeId: 's=Slow' });
    const value = namespace.addVariable({ componentOf: folder, browseName: 'Still', nodeId: 's=Still', dataType: 'Double' });
    value.setValueFromSource(new Variant({ dataType: DataType.Double, value: 1 }), StatusCodes.Good);
  });
  const port = Number(new URL(server.url.replace('opc.tcp:', 'http:')).port);
  proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: port, profile: fixedRttProfile(400), seed: 5 });
  ua = await startUaDriver(`opc.tcp://127.0.0.1:${proxy.port}`, { bindings: [uaBinding(0, 'ns=1;s=Still')], scanClasses: { fast: 100 }, timeoutMs: 2000 });
  await until(() => ua.confirmed.length > 0, 20_000, 'a first confirmation');
}, 60_000);

afterAll(async () => {
  await ua?.close();
  await proxy?.close();
  await server?.close();
  await closeAllPki();
});

/** Runs `ms` and says how many confirmations came and what was reported lost meanwhile. */
async function run(ms: number): Promise<{ confirmations: number; lost: string[] }> {
  const first = ua.confirmed.length;
  const started = performance.now();
  await until(() => performance.now() - started >= ms, ms + 5_000, 'the run');
  return { confirmations: ua.confirmed.length - first, lost: ua.lost.map((e) => `${e.code}: ${e.message}`) };
}

it('a slow but healthy link (400 ms round trip, then LTE) is never taken for a lost subscription', async () => {
  const slow = await run(RUN_MS);
  expect(slow.lost).toEqual([]);
  expect(slow.confirmations).toBeGreaterThanOrEqual(3); // keep-alives kept coming, about one a second
  proxy.setProfile('4g');
  const lte = await run(RUN_MS);
  expect(lte.lost).toEqual([]);
  expect(lte.confirmations).toBeGreaterThanOrEqual(3);
}, 60_000);
