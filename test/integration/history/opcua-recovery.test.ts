/**
 * A value back from stale on OPC UA, against the real rig simulator in its own process: frozen (SIGSTOP) and resumed,
 * the server answers again with a setpoint that never changed, still carrying its source time from before the
 * outage. History records it when the engine had it again, so the trend's gap ends there instead of lasting until
 * the setpoint next changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { until } from '../../support/modbus-driver-harness';
import { rigSite, type EngineHarness } from '../../support/opcua-engine';
import type { RigSimProcess } from '../../support/rig-sim-process';
import { startRigWithEngine, type RigWithEngine } from '../../support/rig-with-engine';

let sim: RigSimProcess;
let harness: EngineHarness;
let rig: RigWithEngine | undefined;

beforeAll(async () => {
  const site = (endpoint: string) => rigSite({ endpoint, security: { mode: 'Sign', policy: 'Aes128_Sha256_RsaOaep' }, tags: { feedForce: 'ns=1;s=Rig.Setpoints.FeedForce' }, timeoutMs: 1500 });
  rig = await startRigWithEngine('rec-opcua-recovery-', site);
  ({ sim, harness } = rig);
}, 60_000);

afterAll(async () => rig?.stop());

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
