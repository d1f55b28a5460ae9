/**
 * Reading every bound value afresh (what the OPC UA driver does when a silent spell ends), against the real rig
 * simulator in this process over a real node-opcua session: Read requests of at most `perRead` values, each answer's
 * samples marked onlyIfStale, stopping when told; and the server's operation limits with their fallback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttributeIds, VariableIds, type ClientSession } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sample, TagBinding } from '../../../main/engine/drivers/driver';
import { operationLimit, readValues } from '../../../main/engine/drivers/opcua/value-refresh';
import { startRigServer, type RigServer } from '../../../main/sim/rig/rig-server';
import { Tag } from '../../../shared/site/schema';
import { openPlainSession } from '../../support/plain-opcua-session';

const dir = mkdtempSync(join(tmpdir(), 'rec-value-refresh-'));
let server: RigServer;
let opened: Awaited<ReturnType<typeof openPlainSession>> | undefined;
let session: ClientSession;

const NODES = ['ns=1;s=Rig.Depth', 'ns=1;s=Rig.HoleId', 'ns=1;s=Rig.Setpoints.FeedForce', 'ns=1;s=Rig.Setpoints.RotationSpeed', 'ns=1;s=Rig.NoSuchNode'];
const bindings: TagBinding[] = NODES.map((address, i) => ({ signalId: 10 + i, equipmentId: 'rig', unitId: 0, name: `t${i}`, tag: Tag.parse({ address, type: address.endsWith('HoleId') ? 'string' : 'float64' }) }));

beforeAll(async () => {
  server = await startRigServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'rig') });
  opened = await openPlainSession(server.url);
  session = opened.session;
}, 30_000);

afterAll(async () => {
  await opened?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reading values afresh', () => {
  it('reads every binding in requests of at most perRead values, each sample applying only where a value is stale', async () => {
    const chunks: Sample[][] = [];
    await readValues(session, bindings, 2, (samples) => chunks.push(samples) > 0);
    expect(chunks.map((c) => c.length)).toEqual([2, 2, 1]);
    const samples = chunks.flat();
    expect(samples.map((s) => s.signalId)).toEqual([10, 11, 12, 13, 14]);
    expect(samples.every((s) => s.onlyIfStale === true)).toBe(true);
    const direct = await session.read({ nodeId: 'ns=1;s=Rig.Setpoints.FeedForce', attributeId: AttributeIds.Value });
    expect(samples[2]!.value).toBe(direct.value.value);
    expect(samples[1]!.value).toEqual(expect.any(String)); // the hole id
    expect(samples[4]!.quality).not.toBe(samples[2]!.quality); // an unknown node reads bad, never good
  });

  it('stops after the chunk its caller refuses', async () => {
    let calls = 0;
    await readValues(session, bindings, 2, () => ++calls < 1);
    expect(calls).toBe(1);
  });

  it('takes the server\'s operation limit, or the fallback when it states none', async () => {
    const maxNodesPerRead = await operationLimit(session, VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead, 77);
    expect(Number.isInteger(maxNodesPerRead) && maxNodesPerRead > 0).toBe(true);
    expect(await operationLimit(session, 987_654_321, 77)).toBe(77); // no such variable
  });
});
