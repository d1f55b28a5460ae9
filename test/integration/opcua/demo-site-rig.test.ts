/**
 * The demo site's rig block against the rig simulator: connects securely (SignAndEncrypt/Basic256Sha256, user
 * operator) after the normal trust workflow, every tag delivers a good value, and every method command exists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttributeIds, DataType, MessageSecurityMode, OPCUAClient, SecurityPolicy, UserTokenType } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { SiteFile } from '../../../shared/site/schema';
import { DEMO_SITE_PATH, loadSiteFile } from '../../../main/engine/config/load-site';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { startEngine, trustAndConnect, type EngineHarness } from '../../support/opcua-engine';
import { startRigSimProcess, type RigSimProcess } from '../../support/rig-sim-process';
import { auditEntries } from '../../support/audit-entries';
import { DEMO_OPCUA_PASSWORD, DEMO_OPCUA_USER } from '../../../main/sim/demo-credentials';

let dir: string;
let sim: RigSimProcess;
let harness: EngineHarness;
let site: SiteFile;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-opcua-demo-'));
  const loaded = await loadSiteFile(DEMO_SITE_PATH);
  if (!loaded.ok) throw new Error(`demo site invalid: ${JSON.stringify(loaded.errors)}`);
  sim = await startRigSimProcess({ dataDir: join(dir, 'sim') });
  // Only the rig, pointed at this test's simulator (the demo's fixed port may be in use).
  const rigConnection = loaded.site.connections.find((c) => c.id === 'rig-ua');
  // Plus a method command with an argument (the simulator's SetRotation method), which the demo site has none of.
  const rigs = loaded.site.equipment.filter((e) => e.connection === 'rig-ua');
  site = SiteFile.parse({
    ...loaded.site,
    connections: [{ ...rigConnection, endpoint: sim.url }],
    equipment: rigs.map((e) => ({ ...e, commands: { ...e.commands, setRotationCall: { kind: 'method', objectId: 'ns=1;s=Rig', methodId: 'ns=1;s=Rig.SetRotation', argument: { type: 'float64', range: [0, 200], unit: 'rpm' } } } })),
  });
  process.env.REC_OPCUA_PASSWORD = 'demo-operator-pw';
  harness = startEngine(site, join(dir, 'console'));
});

afterAll(async () => {
  delete process.env.REC_OPCUA_PASSWORD;
  await harness?.stop();
  await closeAllPki();
  await sim?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo site rig block', () => {
  it('connects with SignAndEncrypt as operator after trusting the simulator', async () => {
    expect(site.connections[0]).toMatchObject({ security: { mode: 'SignAndEncrypt', policy: 'Basic256Sha256' }, user: { kind: 'username', name: 'operator' } });
    await trustAndConnect(harness);
  });

  it('every rig tag delivers a good value', async () => {
    const rigSignals = harness.engine.signals.filter((s) => s.equipmentId === 'drill-rig-1');
    expect(rigSignals.length).toBeGreaterThan(20);
    await expect
      .poll(() => rigSignals.filter((s) => harness.engine.store.get(s.id)?.quality !== Quality.good).map((s) => s.tag), { timeout: 15_000 })
      .toEqual([]);
    expect(harness.log.entries.filter((e) => e.code === 'opcua.monitor-refused')).toEqual([]);
  });

  it('every method command names an existing method', async () => {
    const rig = site.equipment.find((e) => e.id === 'drill-rig-1');
    const methods = Object.values(rig?.commands ?? {}).filter((c) => c.kind === 'method');
    expect(methods.length).toBeGreaterThan(0);
    for (const command of methods) {
      const { attributes } = await harness.client.request('opcua.read', { connectionId: 'rig-ua', nodeId: command.methodId ?? '', attribute: 'NodeClass' });
      expect(attributes[0]?.value, command.methodId).toBe('Method');
    }
  });
});

describe('the command path on OPC UA', () => {
  it('takes control of the rig, keeps it alive with heartbeats, and runs confirmed method commands only once armed', async () => {
    await harness.loggedIn; // as admin (the demo users' PINs)
    const value = (tag: string) => {
      const signal = harness.engine.signals.find((s) => s.equipmentId === 'drill-rig-1' && s.tag === tag);
      return signal ? harness.engine.store.get(signal.id)?.value : undefined;
    };
    const take = await harness.client.request('control.take', { equipmentId: 'drill-rig-1' });
    expect(take.outcome, JSON.stringify(take.outcome)).toMatchObject({ status: 'ok' });
    await expect.poll(() => value('controlOwner'), { timeout: 10_000 }).toBe(take.control.consoleId);
    await expect.poll(() => value('watchdogArmed'), { timeout: 10_000 }).toBe(1); // our heartbeats arrive

    const unarmed = await harness.client.request('command.execute', { equipmentId: 'drill-rig-1', command: 'startEngine' });
    expect(unarmed.outcome).toMatchObject({ status: 'refused', stage: 'target', code: 'arm-missing' });
    const armed = await harness.client.request('command.arm', { equipmentId: 'drill-rig-1', command: 'startEngine' });
    expect(armed.outcome.status).toBe('ok');
    const started = await harness.client.request('command.execute', { equipmentId: 'drill-rig-1', command: 'startEngine', armId: armed.armId ?? '' });
    expect(started.outcome, JSON.stringify(started.outcome)).toMatchObject({ status: 'ok' });
    await expect.poll(() => value('engineState'), { timeout: 10_000 }).toBe(1);
    // An arm id is good once.
    const replay = await harness.client.request('command.execute', { equipmentId: 'drill-rig-1', command: 'startEngine', armId: armed.armId ?? '' });
    expect(replay.outcome).toMatchObject({ status: 'refused', code: 'arm-unknown' });

    const setpoint = await harness.client.request('command.execute', { equipmentId: 'drill-rig-1', command: 'setRotation', value: 90 });
    expect(setpoint.outcome, JSON.stringify(setpoint.outcome)).toMatchObject({ status: 'ok' }); // verified by read-back
    // A read-back the rig itself doubts (Uncertain, value equal to what was written) verifies nothing: the write acted,
    // but it is not confirmed.
    const doubt = (on: boolean) => harness.client.request('opcua.write', { connectionId: 'rig-ua', nodeId: 'ns=1;s=Rig.Sim.FeedForceSetpointUncertain', value: on });
    expect((await doubt(true)).status).toBe('Good');
    const doubted = await harness.client.request('command.execute', { equipmentId: 'drill-rig-1', command: 'setFeed', value: 45 });
    expect(doubted.outcome).toMatchObject({ status: 'timeout' });
    expect(doubted.outcome.status === 'timeout' && doubted.outcome.text).toMatch(/reading it back failed: .*doubtful quality \(45\)/);
    expect((await doubt(false)).status).toBe('Good');
    const confirmed = await harness.client.request('command.execute', { equipmentId: 'drill-rig-1', command: 'setFeed', value: 46 });
    expect(confirmed.outcome, JSON.stringify(confirmed.outcome)).toMatchObject({ status: 'ok' });
    // A method command's argument is in its audit records, the attempt's and the outcome's.
    const called = await harness.client.request('command.execute', { equipmentId: 'drill-rig-1', command: 'setRotationCall', value: 80 });
    expect(called.outcome, JSON.stringify(called.outcome)).toMatchObject({ status: 'ok' });
    // Its argument is checked at the gate like a setpoint's value: out of its declared range, nothing is called. A
    // method that declares no argument takes no value.
    const outside = await harness.client.request('command.execute', { equipmentId: 'drill-rig-1', command: 'setRotationCall', value: 250 });
    expect(outside.outcome).toMatchObject({ status: 'refused', stage: 'value', code: 'out-of-range' });
    const valueless = await harness.client.request('command.arm', { equipmentId: 'drill-rig-1', command: 'stopEngine', value: 1 });
    expect(valueless.outcome).toMatchObject({ status: 'refused', stage: 'value', code: 'no-argument' });
    const calls = (await auditEntries(join(dir, 'console'))).filter((e) => e.kind === 'call' && e.target?.command === 'setRotationCall');
    expect(calls.map((e) => [e.outcome?.result, e.new])).toEqual([
      ['attempt', 80],
      ['ok', 80],
      ['refused', 250],
    ]);
    const released = await harness.client.request('control.release', { equipmentId: 'drill-rig-1' });
    expect(released.outcome.status).toBe('ok');
    await expect.poll(() => value('controlOwner'), { timeout: 10_000 }).toBe(0);
  });
});

/** Writes rig nodes as another client would (the demo operator, over its own session): another console, the simulator's switches. */
async function writeRigDirectly(values: Record<string, { dataType: DataType; value: unknown }>): Promise<void> {
  const client = OPCUAClient.create({ securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false, connectionStrategy: { maxRetry: 0 } });
  await client.connect(sim.url);
  try {
    const session = await client.createSession({ type: UserTokenType.UserName, userName: DEMO_OPCUA_USER, password: DEMO_OPCUA_PASSWORD });
    try {
      for (const [node, value] of Object.entries(values)) {
        const status = await session.write({ nodeId: `ns=1;s=${node}`, attributeId: AttributeIds.Value, value: { value } });
        if (!status.isGood()) throw new Error(`writing ${node}: ${status.name}`);
      }
    } finally {
      await session.close();
    }
  } finally {
    await client.disconnect();
  }
}

describe('an owner register of doubtful quality', () => {
  it("still names the owner: another console's id is never written over by a take", async () => {
    await writeRigDirectly({ 'Rig.ControlOwner': { dataType: DataType.UInt16, value: 7 }, 'Rig.Sim.ControlOwnerUncertain': { dataType: DataType.Boolean, value: true } });
    try {
      const take = await harness.client.request('control.take', { equipmentId: 'drill-rig-1' });
      expect(take.outcome).toMatchObject({ status: 'refused', stage: 'ownership', code: 'owned-by-other' });
      const { attributes } = await harness.client.request('opcua.read', { connectionId: 'rig-ua', nodeId: 'ns=1;s=Rig.ControlOwner', attribute: 'Value' });
      expect(attributes[0]?.value).toBe(7);
    } finally {
      await writeRigDirectly({ 'Rig.Sim.ControlOwnerUncertain': { dataType: DataType.Boolean, value: false }, 'Rig.ControlOwner': { dataType: DataType.UInt16, value: 0 } });
    }
  });
});

describe('a tag the server does not know', () => {
  it('shows the connection degraded with the reason while the other tags stay good', async () => {
    const rig = site.equipment[0]!;
    const ghostSite = SiteFile.parse({
      ...site,
      equipment: [{ ...rig, tags: { ...rig.tags, ghost: { address: 'ns=1;s=Rig.NoSuchNode', type: 'float64' } } }],
    });
    const ghost = startEngine(ghostSite, join(dir, 'console-ghost'));
    try {
      await trustAndConnect(ghost);
      const degraded = await ghost.waitForState((s) => s.state === 'degraded');
      expect(degraded.reason?.message).toMatch(/1 of \d+ monitored items refused by the server \(first: ns=1;s=Rig\.NoSuchNode Bad/);
      const depth = ghost.engine.signals.find((s) => s.tag === 'depth')!;
      await expect.poll(() => ghost.engine.store.get(depth.id)?.quality, { timeout: 15_000 }).toBe(Quality.good);
    } finally {
      await ghost.stop();
    }
  });
});
