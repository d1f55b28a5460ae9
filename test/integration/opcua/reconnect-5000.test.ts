/**
 * 5,000 monitored items on the rig simulator (SignAndEncrypt) deliver changes; the server process is killed and
 * restarted on the same port: values flow again without user action, and the UI-facing state went
 * connected → backoff → connected (through connecting).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { rigSite, startEngine, trustAndConnect, type EngineHarness } from '../../support/opcua-engine';
import { startRigSimProcess, type RigSimProcess } from '../../support/rig-sim-process';

const ITEMS = 5000;
let dir: string;
let sim: RigSimProcess | undefined;
let harness: EngineHarness;
/** Good updates per signal id since the last reset. */
let updates = new Map<number, number>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-opcua-5000-'));
  process.env.REC_TEST_RIG_PASSWORD = 'demo-operator-pw';
  sim = await startRigSimProcess({ dataDir: join(dir, 'sim'), stress: ITEMS, stressHz: 10, maxPerCall: 1000 });
  harness = startEngine(rigSite({ endpoint: sim.url, tags: {}, stressTags: ITEMS, backoff: { initialMs: 500, maxMs: 2000 } }), join(dir, 'console'));
  harness.engine.store.subscribe((id, value) => {
    if (value.quality === Quality.good) updates.set(id, (updates.get(id) ?? 0) + 1);
  });
});

afterAll(async () => {
  await harness?.stop();
  await closeAllPki();
  await sim?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** Signals that received at least `min` good updates. */
const updated = (min: number) => [...updates.values()].filter((n) => n >= min).length;

describe('OPC UA 5,000 monitored items and server restart', () => {
  it('delivers values and changes for all 5,000 items', async () => {
    await trustAndConnect(harness);
    await expect.poll(() => updated(3), { timeout: 30_000, interval: 250 }).toBe(ITEMS);
  });

  it('recovers without user action after the server process is killed and restarted', async () => {
    const port = sim?.port ?? 0;
    const before = harness.states.length;
    await sim?.kill();
    sim = undefined;
    await harness.waitForState((s) => harness.states.indexOf(s) >= before && s.state === 'backoff');
    // Values are marked stale while the link is down.
    const anyId = harness.engine.signals[0]?.id ?? 0;
    expect(harness.engine.store.get(anyId)?.quality).toBe(Quality.stale);

    sim = await startRigSimProcess({ dataDir: join(dir, 'sim'), port, stress: ITEMS, stressHz: 10, maxPerCall: 1000 });
    updates = new Map();
    await harness.waitForState((s) => harness.states.indexOf(s) > before && s.state === 'connected');
    await expect.poll(() => updated(2), { timeout: 30_000, interval: 250 }).toBe(ITEMS);

    // It settles connected by itself (a degraded spell on the new session passes; see below).
    const seen = () => harness.states.slice(before - 1).map((s) => `${s.state}${s.reason ? `(${s.reason.code})` : ''}`).join(' → ');
    for (const deadline = Date.now() + 20_000; harness.states.at(-1)?.state !== 'connected'; await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > deadline) throw new Error(`not connected 20 s after the values flowed again: ${seen()}`);
    }
    const path = harness.states.slice(before - 1).map((s) => s.state);
    console.log(`states: ${seen()}`);
    expect(path[0]).toBe('connected');
    expect(path).toContain('backoff');
    // Lost, then only backoff and connecting until connected again. Degraded may come and go on either live session (a
    // late keep-alive as the server dies, or while 5,000 items catch up on a loaded machine): the engine's verdict on
    // a live link, not a step the recovery needed.
    const lost = path.indexOf('backoff');
    const reconnected = path.indexOf('connected', lost);
    expect(lost).toBeGreaterThan(0);
    expect(reconnected).toBeGreaterThan(lost);
    expect(path.slice(1, lost).every((s) => s === 'degraded')).toBe(true);
    expect(path.slice(lost, reconnected).every((s) => s === 'backoff' || s === 'connecting')).toBe(true);
    expect(path.slice(reconnected).every((s) => s === 'connected' || s === 'degraded')).toBe(true);
    expect(harness.states.slice(before).some((s) => s.state === 'failed')).toBe(false);
  });

  it('detects a frozen server (sockets open, no answers) and recovers when it resumes', async () => {
    const before = harness.states.length;
    sim?.pause();
    try {
      await harness.waitForState((s) => harness.states.indexOf(s) >= before && s.state === 'backoff', 30_000);
    } finally {
      sim?.resume();
    }
    updates = new Map();
    await harness.waitForState((s) => harness.states.indexOf(s) > before && s.state === 'connected', 45_000);
    await expect.poll(() => updated(2), { timeout: 30_000, interval: 250 }).toBe(ITEMS);
  });
});
