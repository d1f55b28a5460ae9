/**
 * A server that samples an item more slowly than its value may age (MinimumSamplingInterval 3,000 ms on a 100 ms scan
 * class, timeout 1,000 ms: stale after 2,000 ms) has not looked at the device as recently as its keep-alives suggest.
 * Such an item is not confirmed by keep-alives: it is good for its stale limit after a notification of its own, then
 * stale until it changes. It leaves its confirmation group, so the screen ages it from its own arrival as the gate
 * does from its own confirmation: they agree on live or stale, and on its age, all the while. One warning names the
 * revised interval. A node-opcua server on loopback; the driver feeds a SignalStore.
 */
import { DataType, StatusCodes, Variant, type UAVariable } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { SignalStore } from '../../../main/engine/telemetry/signal-store';
import { NO_GROUP, Quality } from '../../../shared/contract/telemetry';
import { until } from '../../support/modbus-driver-harness';
import { startUaDriver, uaBinding, type UaDriverHarness } from '../../support/opcua-driver-harness';
import { startTestOpcUaServer, type TestOpcUaServer } from '../../support/opcua-test-server';

const SCAN_MS = 100;
const TIMEOUT_MS = 1000;
const STALE_AFTER_MS = 10 * SCAN_MS + TIMEOUT_MS; // staleAfterMs: ten keep-alive intervals plus the timeout
const FAST = 0;
const SLOW = 1;
const GROUP = 0; // one connection, one scan class: one confirmation group

let server: TestOpcUaServer;
let slowNode: UAVariable;
let ua: UaDriverHarness | undefined;

beforeAll(async () => {
  server = await startTestOpcUaServer((namespace, objects) => {
    const folder = namespace.addFolder(objects, { browseName: 'Slow', nodeId: 's=Slow' });
    const fast = namespace.addVariable({ componentOf: folder, browseName: 'Fast', nodeId: 's=Slow.Fast', dataType: 'Double', minimumSamplingInterval: 100 });
    fast.setValueFromSource(new Variant({ dataType: DataType.Double, value: 1 }), StatusCodes.Good);
    slowNode = namespace.addVariable({ componentOf: folder, browseName: 'Value', nodeId: 's=Slow.Value', dataType: 'Double', minimumSamplingInterval: 3000 });
    slowNode.setValueFromSource(new Variant({ dataType: DataType.Double, value: 7 }), StatusCodes.Good);
  });
}, 30_000);

afterAll(async () => {
  await ua?.close();
  await server?.close();
  await closeAllPki();
});

describe('OPC UA items sampled more slowly than their stale limit', () => {
  it('are confirmed only by their own notifications, read stale between them on screen and at the gate alike, and are named in one warning', async () => {
    const store = new SignalStore();
    store.define(FAST, { group: GROUP });
    store.define(SLOW, { group: GROUP });
    const goodAt: number[] = []; // when a good sample of the slow item arrived
    ua = await startUaDriver(server.url, {
      bindings: [uaBinding(FAST, 'ns=1;s=Slow.Fast'), uaBinding(SLOW, 'ns=1;s=Slow.Value')],
      scanClasses: { fast: SCAN_MS },
      timeoutMs: TIMEOUT_MS,
      onEmit: (samples) => {
        store.apply(samples);
        if (samples.some((s) => s.signalId === SLOW && s.quality === Quality.good)) goodAt.push(performance.now());
      },
      onConfirm: (ids) => store.confirm(ids),
      onConfirmedAlone: (ids) => store.confirmAlone([FAST, SLOW], new Set(ids)),
    });
    // Out of its group (the screen ages it from its own arrival), the fast item still in it.
    expect([store.slots.group[SLOW], store.slots.group[FAST]]).toEqual([NO_GROUP, GROUP]);
    // The screen's verdict (quality, and its group's confirmation age) against the gate's (quality, its own age).
    const disagreements: string[] = [];
    const live = { screen: 0, gate: 0 };
    const check = setInterval(() => {
      const value = store.get(SLOW);
      if (!value) return;
      // As the renderer ages a value: by its group's confirmation, or by its own arrival outside a group.
      const screenAge = store.slots.group[SLOW] === NO_GROUP ? performance.now() - (goodAt.at(-1) ?? 0) : Date.now() - (store.groupConfirm[GROUP] ?? 0);
      const screenLive = (value.quality === Quality.good || value.quality === Quality.uncertain) && screenAge <= STALE_AFTER_MS;
      const gateLive = value.quality === Quality.good && store.confirmAge(SLOW) <= STALE_AFTER_MS;
      if (screenLive) live.screen++;
      if (gateLive) live.gate++;
      if (screenLive !== gateLive) disagreements.push(`screen ${screenLive ? 'live' : 'stale'}, gate ${gateLive ? 'live' : 'stale'} (confirmAge ${store.confirmAge(SLOW).toFixed(0)} ms)`);
      if (gateLive && Math.abs(screenAge - store.confirmAge(SLOW)) > 50) disagreements.push(`ages: screen ${screenAge.toFixed(0)} ms, gate ${store.confirmAge(SLOW).toFixed(0)} ms`);
    }, 20);
    try {
      const warnings = ua.log.entries.filter((e) => e.code === 'opcua.sampling-slow');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.message).toContain('ns=1;s=Slow.Value every 3000 ms (asked 100 ms, stale after 2000 ms)');
      expect(warnings[0]?.message).not.toContain('Slow.Fast');

      // Stale just before its limit after its own (first) notification, while keep-alives keep its group confirmed.
      await until(() => store.get(SLOW)?.quality === Quality.stale, 5000, 'the slow item marked stale');
      const staleAfter = performance.now() - (goodAt.at(-1) ?? 0);
      expect(staleAfter).toBeGreaterThan(STALE_AFTER_MS - 300);
      expect(staleAfter).toBeLessThanOrEqual(STALE_AFTER_MS + 100); // (the check above holds it to the gate exactly)
      expect(store.get(SLOW)?.value).toBe(7); // its last value stays, flagged
      expect(store.get(FAST)?.quality).toBe(Quality.good);

      // A change reaches it with the server's next sample: good again, then stale again a limit later.
      slowNode.setValueFromSource(new Variant({ dataType: DataType.Double, value: 42 }), StatusCodes.Good);
      await until(() => store.get(SLOW)?.value === 42 && store.get(SLOW)?.quality === Quality.good, 5000, 'the change notified');
      await until(() => store.get(SLOW)?.quality === Quality.stale, 5000, 'stale again after its limit');
    } finally {
      clearInterval(check);
    }
    expect(disagreements).toEqual([]);
    expect(live.gate).toBeGreaterThan(0); // live for a while after each notification, not stale throughout
    // Keep-alives went on confirming the fast item, never the slow one.
    const confirmedIds = ua.confirmed.flatMap((c) => c.ids);
    expect(confirmedIds).toContain(FAST);
    expect(confirmedIds).not.toContain(SLOW);
    expect(store.get(FAST)?.quality).toBe(Quality.good);
  });
});
