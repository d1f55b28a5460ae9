/**
 * Age means confirmation on OPC UA: a value that does not change is not re-sent, but every publish response of its
 * subscription (keep-alive included) confirms it, so its confirmation time keeps moving while the value stands.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { until } from '../../support/modbus-driver-harness';
import { rigSite, startEngine, trustAndConnect, type EngineHarness } from '../../support/opcua-engine';
import { startRigSimProcess, type RigSimProcess } from '../../support/rig-sim-process';

let dir: string;
let sim: RigSimProcess;
let harness: EngineHarness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-opcua-confirm-'));
  process.env.REC_TEST_RIG_PASSWORD = 'demo-operator-pw';
  sim = await startRigSimProcess({ dataDir: join(dir, 'sim') });
  harness = startEngine(rigSite({ endpoint: sim.url, security: { mode: 'Sign', policy: 'Aes128_Sha256_RsaOaep' }, tags: { feedForce: 'ns=1;s=Rig.Setpoints.FeedForce' } }), join(dir, 'console'));
  await trustAndConnect(harness);
});

afterAll(async () => {
  await harness?.stop();
  await closeAllPki();
  await sim?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('OPC UA confirmation', () => {
  it('refreshes the confirmation time of an unchanged value from keep-alives, without publishing a change', async () => {
    const { store } = harness.engine;
    await until(() => store.get(0)?.confirmTime !== undefined && (store.get(0)?.confirmTime ?? 0) > 0, 15_000, 'first value');
    const first = store.get(0)!;
    const changes = store.stats.changes;
    await until(() => (store.get(0)?.confirmTime ?? 0) > first.confirmTime + 500, 15_000, 'confirmation by keep-alive');
    const later = store.get(0)!;
    expect(later.value).toBe(first.value);
    expect(later.sourceTime).toBe(first.sourceTime);
    expect(store.stats.changes).toBe(changes); // nothing new was published
    expect(store.groupConfirm[later.group!]).toBeGreaterThanOrEqual(later.confirmTime);
  });
});
