/**
 * A value's quality follows its status's severity alone: Good with info bits (a limit reached, the Overflow bit of
 * a monitored item whose queue overflowed) and Good sub-codes (GoodLocalOverride) are good, as interlocks and
 * read-back checks must see them. A node-opcua server on loopback sets the statuses; the driver reads and subscribes.
 */
import { DataType, StatusCode, StatusCodes, Variant, type UAVariable } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { Quality } from '../../../shared/contract/telemetry';
import { until } from '../../support/modbus-driver-harness';
import { startUaDriver, uaBinding, type UaDriverHarness } from '../../support/opcua-driver-harness';
import { startTestOpcUaServer, type TestOpcUaServer } from '../../support/opcua-test-server';

/** Node (ns=1;s=Status.<name>) → the status its value carries → the quality the console must give it. */
const CASES = [
  { name: 'GoodLimitHigh', status: StatusCode.makeStatusCode(StatusCodes.Good, 'LimitHigh'), quality: Quality.good },
  { name: 'GoodOverflowBit', status: StatusCodes.GoodWithOverflowBit, quality: Quality.good },
  { name: 'GoodLocalOverride', status: StatusCodes.GoodLocalOverride, quality: Quality.good },
  { name: 'GoodClampedLimitLow', status: StatusCode.makeStatusCode(StatusCodes.GoodClamped, 'LimitLow'), quality: Quality.good },
  // The value's type, units or range may have changed since it was last browsed: doubtful until read again.
  { name: 'GoodSemanticsChanged', status: StatusCode.makeStatusCode(StatusCodes.Good, 'SemanticChanged'), quality: Quality.uncertain },
  { name: 'GoodStructureChanged', status: StatusCode.makeStatusCode(StatusCodes.Good, 'StructureChanged'), quality: Quality.uncertain },
  { name: 'UncertainLimitHigh', status: StatusCode.makeStatusCode(StatusCodes.UncertainLastUsableValue, 'LimitHigh'), quality: Quality.uncertain },
  { name: 'BadLimitLow', status: StatusCode.makeStatusCode(StatusCodes.BadSensorFailure, 'LimitLow'), quality: Quality.bad },
] as const;

let server: TestOpcUaServer;
let burst: UAVariable;
let ua: UaDriverHarness | undefined;

beforeAll(async () => {
  server = await startTestOpcUaServer((namespace, objects) => {
    const folder = namespace.addFolder(objects, { browseName: 'Status', nodeId: 's=Status' });
    for (const c of CASES) {
      const v = namespace.addVariable({ componentOf: folder, browseName: c.name, nodeId: `s=Status.${c.name}`, dataType: 'Double', minimumSamplingInterval: 0 });
      v.setValueFromSource(new Variant({ dataType: DataType.Double, value: 1 }), c.status);
    }
    burst = namespace.addVariable({ componentOf: folder, browseName: 'Burst', nodeId: 's=Status.Burst', dataType: 'Double', minimumSamplingInterval: 0 });
    burst.setValueFromSource(new Variant({ dataType: DataType.Double, value: 0 }), StatusCodes.Good);
  });
}, 30_000);

afterAll(async () => {
  await ua?.close();
  await server?.close();
  await closeAllPki();
});

describe('OPC UA quality by severity', () => {
  it('reads and subscribes Good statuses with info bits or sub-codes as good, Uncertain as uncertain, Bad as bad', async () => {
    const bindings = CASES.map((c, i) => uaBinding(i, `ns=1;s=Status.${c.name}`));
    ua = await startUaDriver(server.url, { bindings });
    await until(() => CASES.every((_, i) => ua!.samples.some((s) => s.signalId === i)), 10_000, 'a notification of every status node');
    const notified = CASES.map((c, i) => ({ name: c.name, quality: ua!.samples.find((s) => s.signalId === i)?.quality }));
    expect(notified).toEqual(CASES.map((c) => ({ name: c.name, quality: c.quality })));
    const read = [];
    for (const [i, c] of CASES.entries()) {
      if (c.quality === Quality.bad) continue; // a Bad read is an error, not a sample
      read.push({ name: c.name, quality: (await ua.driver.read(bindings[i]!)).quality });
    }
    expect(read).toEqual(CASES.filter((c) => c.quality !== Quality.bad).map((c) => ({ name: c.name, quality: c.quality })));
    await ua.close();
    ua = undefined;
  });

  it('a value whose monitored-item queue overflowed (Overflow info bit set by the server) is still good', async () => {
    const binding = uaBinding(0, 'ns=1;s=Status.Burst', { samplingMs: 0, queueSize: 2, scanClass: 'slow' });
    ua = await startUaDriver(server.url, { bindings: [binding], scanClasses: { slow: 1000 } });
    await until(() => ua!.samples.length > 0, 10_000, 'the first notification');
    // More changes in one publishing interval than the queue holds: the server drops the oldest and flags the overflow.
    for (let value = 1; value <= 6; value++) {
      burst.setValueFromSource(new Variant({ dataType: DataType.Double, value }), StatusCodes.Good);
      await new Promise((resolve) => setImmediate(resolve)); // each change sampled on its own
    }
    await until(() => ua!.samples.some((s) => s.value === 6), 10_000, 'the burst delivered');
    const delivered = ua.samples.filter((s) => typeof s.value === 'number' && s.value > 0);
    expect(delivered.map((s) => s.value)).toEqual([5, 6]); // the queue held the last two of six: it overflowed
    expect(delivered.map((s) => s.quality)).toEqual([Quality.good, Quality.good]);
  });
});
