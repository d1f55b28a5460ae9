/**
 * A session the server closes (timed out during a stall, restarted, ended by an administrator) is the link lost: the
 * next probe, read, browse or attribute read fails as session-invalid and the driver reports the loss at once, so the
 * supervisor connects anew instead of showing a link that answers only with faults as degraded until it falls silent.
 * The rig simulator in this process ends the sessions as a server that timed them out does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { startRigServer } from '../../../main/sim/rig/rig-server';
import { startUaDriver, uaBinding, type UaDriverHarness } from '../../support/opcua-driver-harness';

const dir = mkdtempSync(join(tmpdir(), 'rec-ua-session-closed-'));
const stops: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await closeAllPki();
  rmSync(dir, { recursive: true, force: true });
});

const binding = uaBinding(0, 'ns=1;s=Rig.Setpoints.FeedForce');
const REQUESTS: Record<string, (ua: UaDriverHarness) => Promise<unknown>> = {
  probe: (ua) => ua.driver.probe(),
  read: (ua) => ua.driver.read(binding),
  browse: (ua) => ua.driver.browse('ns=1;s=Rig'),
  readAttributes: (ua) => ua.driver.readAttributes('ns=1;s=Rig.Depth'),
};

describe('OPC UA session closed by the server', () => {
  it('the first probe, read, browse or attribute read after it fails as session-invalid and reports the link lost', async () => {
    const server = await startRigServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'rig') });
    stops.push(() => server.close());
    const drivers: [string, UaDriverHarness][] = [];
    for (const name of Object.keys(REQUESTS)) {
      const ua = await startUaDriver(server.url, { bindings: [binding], timeoutMs: 10_000 }); // node-opcua's keep-alive read every 5 s
      stops.push(() => ua.close());
      drivers.push([name, ua]);
    }
    server.closeSessions();
    const outcomes = await Promise.all(
      drivers.map(async ([name, ua]) => {
        const failure = await REQUESTS[name]!(ua).then(
          () => 'answered',
          (error: { kind?: string; code?: string }) => `${error.kind}/${error.code}`,
        );
        // Reported by the time the request failed: no wait for node-opcua's keep-alive read (seconds away here).
        return { name, failure, lost: ua.lost.map((e) => `${e.kind}/${e.code}`) };
      }),
    );
    expect(outcomes).toEqual(Object.keys(REQUESTS).map((name) => ({ name, failure: 'not-connected/session-invalid', lost: ['link-lost/session-invalid'] })));
  });
});
