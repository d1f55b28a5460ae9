/**
 * A value back from stale on OPC UA, against the real rig simulator in its own process: frozen (SIGSTOP) and resumed,
 * the server answers again with a setpoint that never changed, still carrying its source time from before the
 * outage. History records it when the engine had it again, so the trend's gap ends there instead of lasting until
 * the setpoint next changes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { Quality } from '../../../shared/contract/telemetry';
import { until } from '../../support/modbus-driver-harness';
import { rigSite, startEngine, trustAndConnect, type EngineHarness } from '../../support/opcua-engine';
import { startRigSimProcess, type RigSimProcess } from '../../support/rig-sim-process';

let dir: string;
let sim: RigSimProcess;
let harness: EngineHarness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-opcua-recovery-'));
  process.env.REC_TEST_RIG_PASSWORD = 'demo-operator-pw';
  sim = await startRigSimProcess({ dataDir: join(dir, 'sim') });
  const site = rigSite({ endpoint: sim.url, security: { mode: 'Sign', policy: 'Aes128_Sha256_RsaOaep' }, tags: { feedForce: 'ns=1;s=Rig.Setpoints.FeedForce' }, timeoutMs: 1500 });
  harness = startEngine(site, join(dir, 'console'));
  await trustAndConnect(harness);
}, 60_000);

afterAll(async () => {
  await harness?.stop();
  await closeAllPki();
  await sim?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('history across an OPC UA outage', () => {
  it('ends the gap when an unchanged value is back, though its source time is from before the outage', async () => {
    const { store, history } = harness.engine;
    await until(() => store.get(0)?.quality === Quality.good, 15_000, 'a good setpoint');
    const before = store.get(0)!;
    const from = before.sourceTime - 1000;

    sim.pause();
    try {
      await until(() => store.get(0)?.quality === Quality.stale, 20_000, 'stale while the server is frozen');
    } finally {
      sim.resume();
    }
    const staleSeenAt = Date.now();
    await until(() => store.get(0)?.quality === Quality.good, 30_000, 'good again');
    const goodSeenAt = Date.now();
    const after = store.get(0)!;
    expect(after.value).toBe(before.value);
    // The session outlived the spell (no reconnect, which would have re-sent every value): the refresh made it good.
    const sinceConnected = harness.states.slice(harness.states.findIndex((s) => s.state === 'connected'));
    expect(sinceConnected.map((s) => s.state)).not.toContain('connecting');
    expect(after.sourceTime).toBeLessThan(staleSeenAt); // the server's time from before the outage (the premise)
    await history.flush();

    const to = Date.now() + 1000;
    const { series } = await harness.client.request('history.query', { signalIds: [0], from, to, widthPx: 2000 });
    const gaps = series[0]!.gaps ?? [];
    expect(gaps).toHaveLength(1);
    const [gapStart, gapEnd] = gaps[0]!;
    expect(gapStart).toBeLessThanOrEqual(staleSeenAt);
    expect(gapEnd).toBeLessThanOrEqual(goodSeenAt); // the gap ends when the value was back, not at the window's end
    const { csv } = await harness.client.request('history.export', { signalIds: [0], from, to, maxRows: 1000 });
    const rows = csv.trim().split('\r\n').slice(1).map((line) => line.split(','));
    expect(rows.map((r) => r[6])).toEqual(['good', 'stale', 'good']); // time, signal, equipment, tag, value, unit, quality
    expect(Date.parse(rows[2]![0]!)).toBeGreaterThanOrEqual(Date.parse(rows[1]![0]!));
  }, 90_000);
});
