/**
 * Maintenance operations through the contract on a real rig simulator (Sign / Aes128_Sha256_RsaOaep): named write
 * results, browse from Objects (with continuation points), attribute reads, method calls, malformed NodeIds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract/errors';
import type { OpcUaAccess } from '../../../main/engine/drivers/opcua/access';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { rigSite, startEngine, trustAndConnect, type EngineHarness } from '../../support/opcua-engine';
import { startRigSimProcess, type RigSimProcess } from '../../support/rig-sim-process';

let dir: string;
let sim: RigSimProcess;
let harness: EngineHarness;
const connectionId = 'rig-ua';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-opcua-ops-'));
  process.env.REC_TEST_RIG_PASSWORD = 'demo-operator-pw';
  sim = await startRigSimProcess({ dataDir: join(dir, 'sim'), stress: 1200, stressHz: 1 });
  harness = startEngine(rigSite({ endpoint: sim.url, security: { mode: 'Sign', policy: 'Aes128_Sha256_RsaOaep' } }), join(dir, 'console'));
  await trustAndConnect(harness);
});

afterAll(async () => {
  await harness?.stop();
  await closeAllPki();
  await sim?.kill();
  rmSync(dir, { recursive: true, force: true });
});

const write = (nodeId: string, value: number | string | boolean, type?: string) =>
  harness.client.request('opcua.write', { connectionId, nodeId, value, ...(type ? { type } : {}) });

describe('OPC UA writes', () => {
  it('returns Good and the value reads back', async () => {
    // Setpoints need control, as on the cranes: take it with this console's id.
    expect((await write('ns=1;s=Rig.ControlOwner', 7)).status).toBe('Good');
    expect((await write('ns=1;s=Rig.Setpoints.FeedForce', 55)).status).toBe('Good');
    const { attributes } = await harness.client.request('opcua.read', { connectionId, nodeId: 'ns=1;s=Rig.Setpoints.FeedForce', attribute: 'Value' });
    expect(attributes).toMatchObject([{ attribute: 'Value', value: 55, status: 'Good' }]);
  });

  it('names the server results: read-only node, wrong type, unknown node, out of range', async () => {
    expect((await write('ns=1;s=Rig.Depth', 3)).status).toBe('BadNotWritable');
    expect((await write('ns=1;s=Rig.Setpoints.FeedForce', 'abc', 'String')).status).toBe('BadTypeMismatch');
    expect((await write('ns=1;s=Rig.NoSuchNode', 1, 'Double')).status).toBe('BadNodeIdUnknown');
    expect((await write('ns=1;s=Rig.NoSuchNode', 1)).status).toBe('BadNodeIdUnknown');
    expect((await write('ns=1;s=Rig.Setpoints.FeedForce', 1000)).status).toBe('BadOutOfRange');
  });

  it('refuses a value that cannot become the node type before sending it, with the same name', async () => {
    const result = await write('ns=1;s=Rig.Setpoints.FeedForce', 'abc');
    expect(result).toEqual({ status: 'BadTypeMismatch', message: '"abc" is not a number (Double)' });
  });

  it('refuses malformed NodeIds with bad-request, and the engine keeps serving', async () => {
    for (const nodeId of ['ns=1;x=Rig', 'ns=99999;s=A', 'Rig.Depth', '']) {
      const error = await write(nodeId, 1).catch((e: unknown) => e);
      expect(error, nodeId).toBeInstanceOf(ContractError);
      expect((error as ContractError).code).toBe('bad-request');
    }
    const hello = await harness.client.request('engine.hello', { client: 'test' });
    expect(hello.engineVersion).toBeTruthy();
    expect(harness.engine.supervisors.get(connectionId)?.status.state).toBe('connected');
  });
});

describe('OPC UA browse and read', () => {
  it('walks from Objects to the rig and finds its variables', async () => {
    const objects = await harness.client.request('opcua.browse', { connectionId });
    const rig = objects.references.find((r) => r.browseName === '1:DrillRig');
    expect(rig).toMatchObject({ nodeId: 'ns=1;s=Rig', nodeClass: 'Object' });
    const children = await harness.client.request('opcua.browse', { connectionId, nodeId: rig?.nodeId ?? '' });
    const names = children.references.map((r) => r.browseName);
    for (const name of ['RotationSpeed', 'FeedForce', 'PenetrationRate', 'Depth', 'HammerPressure', 'FlushingPressure', 'HoleId', 'MastAngle', 'EngineState', 'Drilling', 'Faults', 'Heartbeat', 'ControlOwner', 'Setpoints', 'Commands', 'Control']) {
      expect(names).toContain(`1:${name}`);
    }
    expect(children.references.filter((r) => r.nodeClass === 'Method').map((r) => r.browseName)).toContain('1:StartDrilling');
  });

  it('follows continuation points to the end (1,200 references in pages of 500)', async () => {
    const stress = await harness.client.request('opcua.browse', { connectionId, nodeId: 'ns=1;s=Stress' });
    expect(stress.truncated).toBe(false);
    const items = stress.references.filter((r) => r.browseName.startsWith('1:Item'));
    expect(items).toHaveLength(1200);
    expect(new Set(items.map((r) => r.nodeId)).size).toBe(1200);
    const limited = await harness.client.request('opcua.browse', { connectionId, nodeId: 'ns=1;s=Stress', limit: 600 });
    expect(limited.truncated).toBe(true);
  });

  it('reads the attributes of a node, and says not-found for an unknown one', async () => {
    const { attributes } = await harness.client.request('opcua.read', { connectionId, nodeId: 'ns=1;s=Rig.Depth' });
    const byName = Object.fromEntries(attributes.map((a) => [a.attribute, a.value]));
    expect(byName).toMatchObject({ NodeClass: 'Variable', BrowseName: '1:Depth', DataType: 'ns=0;i=11', AccessLevel: 1 });
    const error = await harness.client.request('opcua.read', { connectionId, nodeId: 'ns=1;s=Nope' }).catch((e: unknown) => e);
    expect((error as ContractError).code).toBe('not-found');
  });
});

describe('OPC UA method calls', () => {
  it('calls methods with typed inputs and names their results', async () => {
    const call = (methodId: string, inputs: (number | string)[] = []) => harness.client.request('opcua.call', { connectionId, objectId: 'ns=1;s=Rig', methodId, inputs });
    expect((await call('ns=1;s=Rig.SetFeed', [60])).status).toBe('Good');
    expect((await call('ns=1;s=Rig.SetFeed', [999])).status).toBe('BadOutOfRange');
    // Released: nobody holds control, so the rig refuses to drill and says why.
    expect((await write('ns=1;s=Rig.ControlOwner', 0)).status).toBe('Good');
    expect((await call('ns=1;s=Rig.StartDrilling')).status).toBe('BadUserAccessDenied');
    expect((await write('ns=1;s=Rig.ControlOwner', 7)).status).toBe('Good');
    expect((await write('ns=1;s=Rig.ControlOwner', 8)).status).toBe('BadUserAccessDenied'); // owned by 7: take-over needed
    // Owned, but no heartbeat yet: refused as an invalid state.
    expect((await call('ns=1;s=Rig.StartDrilling')).status).toBe('BadInvalidState');
    expect((await write('ns=1;s=Rig.Control.WatchdogSurvivalMs', 10_000)).status).toBe('Good');
    expect((await write('ns=1;s=Rig.Heartbeat', 1)).status).toBe('Good');
    expect((await call('ns=1;s=Rig.StartDrilling')).status).toBe('Good');
    const drilling = await harness.client.request('opcua.read', { connectionId, nodeId: 'ns=1;s=Rig.Drilling', attribute: 'Value' });
    expect(drilling.attributes[0]?.value).toBe(true);
    expect((await call('ns=1;s=Rig.StopDrilling')).status).toBe('Good');
    expect((await call('ns=1;s=Rig.NoSuchMethod')).status).toMatch(/^Bad(MethodInvalid|NodeIdUnknown)$/);
  });

  it('a call its caller no longer wants once the argument types are read (a stop came meanwhile) is not sent', async () => {
    const driver = harness.engine.supervisors.get(connectionId)?.activeDriver as unknown as OpcUaAccess;
    const feed = async () => (await harness.client.request('opcua.read', { connectionId, nodeId: 'ns=1;s=Rig.Setpoints.FeedForce', attribute: 'Value' })).attributes[0]?.value;
    expect((await harness.client.request('opcua.call', { connectionId, objectId: 'ns=1;s=Rig', methodId: 'ns=1;s=Rig.SetFeed', inputs: [61] })).status).toBe('Good');
    let asked = 0;
    const unwanted = driver.UNSAFE_call('ns=1;s=Rig', 'ns=1;s=Rig.SetFeed', [62], () => (asked++, false));
    await expect(unwanted).rejects.toMatchObject({ kind: 'cancelled', code: 'call-withdrawn' });
    expect(asked).toBe(1);
    expect(await feed()).toBe(61);
    expect((await driver.UNSAFE_call('ns=1;s=Rig', 'ns=1;s=Rig.SetFeed', [63], () => true)).status).toBe('Good');
    expect(await feed()).toBe(63);
  });
});
