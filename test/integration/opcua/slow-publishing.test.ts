/**
 * A server that publishes far more slowly than asked (its minimum publishing interval 6 s, on a 100 ms scan class)
 * sends its first notification only after that interval: the connect waits for it by the server's revised interval,
 * not the requested one. It gave up after 5 s before ("subscription-silent"), so such a server never connected.
 * A node-opcua server on loopback.
 */
import { DataType, StatusCodes, Subscription, Variant } from 'node-opcua';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { until } from '../../support/modbus-driver-harness';
import { startUaDriver, uaBinding, type UaDriverHarness } from '../../support/opcua-driver-harness';
import { startTestOpcUaServer, type TestOpcUaServer } from '../../support/opcua-test-server';

const SLOWEST_MS = 6000;
let server: TestOpcUaServer;
let ua: UaDriverHarness | undefined;
const before = Subscription.minimumPublishingInterval;

beforeAll(async () => {
  Subscription.minimumPublishingInterval = SLOWEST_MS; // this file's server only (each test file runs in its own worker)
  server = await startTestOpcUaServer((namespace, objects) => {
    const folder = namespace.addFolder(objects, { browseName: 'Publishing', nodeId: 's=Publishing' });
    const value = namespace.addVariable({ componentOf: folder, browseName: 'Steady', nodeId: 's=Steady', dataType: 'Double' });
    value.setValueFromSource(new Variant({ dataType: DataType.Double, value: 3 }), StatusCodes.Good);
  });
}, 30_000);

afterAll(async () => {
  await ua?.close();
  await server?.close();
  await closeAllPki();
  Subscription.minimumPublishingInterval = before;
});

it('connects to a server whose revised publishing interval is longer than the usual first-notification wait', async () => {
  ua = await startUaDriver(server.url, { bindings: [uaBinding(0, 'ns=1;s=Steady')], scanClasses: { fast: 100 }, timeoutMs: 1000 });
  await until(() => ua?.samples.some((s) => s.signalId === 0 && s.value === 3) === true, 2000, 'the first value');
  expect(ua.log.entries.some((e) => e.code === 'opcua.publishing-revised')).toBe(true); // and says it publishes slowly
}, 30_000);
