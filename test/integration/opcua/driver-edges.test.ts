/**
 * The OPC UA driver on its own, against the rig simulator in this process (security None, anonymous writes): items the
 * server refused stay bad through a value refresh and keep-alives; scaled 64-bit writes go out in raw units.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttributeIds, MessageSecurityMode, OPCUAClient, SecurityPolicy, type ClientSession } from 'node-opcua';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Driver, Sample, TagBinding } from '../../../main/engine/drivers/driver';
import { createOpcUaDriver } from '../../../main/engine/drivers/opcua';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { createMemoryLogger } from '../../../main/engine/log';
import { startRigServer, type RigServer } from '../../../main/sim/rig/rig-server';
import { Quality } from '../../../shared/contract/telemetry';
import { Connection, Tag } from '../../../shared/site/schema';
import { until } from '../../support/modbus-driver-harness';

const dir = mkdtempSync(join(tmpdir(), 'rec-opcua-driver-'));
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(async () => {
  await closeAllPki();
  rmSync(dir, { recursive: true, force: true });
});

async function rig(options: Partial<Parameters<typeof startRigServer>[0]> = {}): Promise<RigServer> {
  const server = await startRigServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, `rig-${stops.length}`), anonymousWrites: true, ...options });
  stops.push(() => server.close());
  return server;
}

const binding = (signalId: number, address: string, tag: Record<string, unknown> = {}): TagBinding => ({ signalId, equipmentId: 'rig', unitId: 0, name: `t${signalId}`, tag: Tag.parse({ address, type: 'float64', scanClass: 'fast', ...tag }) });

/** The driver, connected and started, with what it emitted and confirmed. */
async function driverOn(server: RigServer, bindings: TagBinding[]) {
  const samples: Sample[] = [];
  const confirmed: number[][] = [];
  const lost: string[] = [];
  const connection = Connection.parse({ id: 'rig-ua', protocol: 'opcua', endpoint: server.url, security: { mode: 'None', policy: 'None' }, timeoutMs: 2000 });
  const driver: Driver = await createOpcUaDriver({
    connection: connection as never,
    bindings,
    scanClasses: { fast: 100 },
    emit: (batch) => samples.push(...batch),
    confirm: (ids) => confirmed.push([...ids]),
    linkLost: (error) => lost.push(error.code),
    reportDegraded: () => undefined,
    recordRtt: () => undefined,
    dataDir: join(dir, `console-${stops.length}`),
    log: createMemoryLogger(),
  });
  await driver.connect();
  stops.push(() => driver.close());
  await driver.start();
  return { driver, samples, confirmed, lost };
}

async function plainSession(server: RigServer): Promise<ClientSession> {
  const client = OPCUAClient.create({ securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false, connectionStrategy: { maxRetry: 0 } });
  await client.connect(server.url);
  const session = await client.createSession();
  stops.push(async () => {
    await session.close();
    await client.disconnect();
  });
  return session;
}

describe('OPC UA driver', () => {
  it('an item the server refused (too many per subscription) stays bad through a value refresh, and keep-alives never confirm it', async () => {
    const server = await rig({ maxMonitoredItemsPerSubscription: 2 });
    const bindings = [binding(0, 'ns=1;s=Rig.Depth'), binding(1, 'ns=1;s=Rig.Setpoints.FeedForce'), binding(2, 'ns=1;s=Rig.Setpoints.RotationSpeed')];
    const { driver, samples, confirmed } = await driverOn(server, bindings);
    const refusedId = samples.find((s) => s.quality === Quality.bad)?.signalId;
    expect(refusedId).toBeDefined();
    await (driver as unknown as { refresh(): Promise<void> }).refresh();
    expect(samples.filter((s) => s.signalId === refusedId && s.quality === Quality.good)).toEqual([]);
    await until(() => confirmed.length >= 2, 10_000, 'keep-alives or notifications confirming values');
    expect(confirmed.flat()).not.toContain(refusedId);
    expect(confirmed.flat().length).toBeGreaterThan(0);
  });

  it('a scaled Int64 tag written in engineering units (the gate hands 64-bit values over as text) goes out in raw units', async () => {
    const server = await rig();
    const tag = binding(0, 'ns=1;s=Edge.Int64', { type: 'int64', scale: 0.1, offset: 5 });
    const { driver } = await driverOn(server, [tag]);
    expect(await driver.UNSAFE_write?.(tag, '105')).toEqual({ ok: true }); // (105 - 5) / 0.1 = 1000
    const read = await (await plainSession(server)).read({ nodeId: 'ns=1;s=Edge.Int64', attributeId: AttributeIds.Value });
    expect(read.value.value).toEqual([0, 1000]);
  });

  it('a write the server clamps (GoodClamped) is done, not refused: the value it took is what reads back', async () => {
    const server = await rig();
    const tag = binding(0, 'ns=1;s=Edge.Clamped');
    const { driver } = await driverOn(server, [tag]);
    expect(await driver.UNSAFE_write?.(tag, 25)).toEqual({ ok: true });
    expect((await driver.read(tag)).value).toBe(10);
    expect(await driver.UNSAFE_write?.(tag, 4)).toEqual({ ok: true });
    expect((await driver.read(tag)).value).toBe(4);
  });

  it('a write on a session the server dropped is not sent again on a new one: it fails, and the link is reported lost', async () => {
    const server = await rig();
    const tag = binding(0, 'ns=1;s=Edge.Clamped');
    const { driver, lost } = await driverOn(server, [tag]);
    expect(await driver.UNSAFE_write?.(tag, 3)).toEqual({ ok: true });
    server.closeSessions(); // as a server whose session timeout ran out during a stall does
    const write = await driver.UNSAFE_write?.(tag, 7).catch((error: unknown) => ({ ok: false as const, error }));
    expect(write).toMatchObject({ ok: false, error: { kind: 'not-connected', code: 'session-invalid' } });
    expect(lost).toContain('session-invalid');
    // Nothing was written: a plain session of its own reads the value from before.
    const session = await plainSession(server);
    expect((await session.read({ nodeId: 'ns=1;s=Edge.Clamped', attributeId: AttributeIds.Value })).value.value).toBe(3);
  });
});
