import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../main/engine/engine';
import { createMemoryLogger } from '../../../main/engine/log';
import { ContractClient } from '../../../shared/contract/client';
import { MAX_INBOUND_FRAME_BYTES } from '../../../shared/contract/envelope';
import { CARRIERS, rawExchange, type CarrierSetup } from '../../support/carriers';
import { FakeDriverControl } from '../../support/fake-driver';
import { smallSite } from '../../support/sites';

describe.each(Object.keys(CARRIERS))('contract over the %s carrier', (name) => {
  const control = new FakeDriverControl();
  const log = createMemoryLogger();
  // Stores in a folder of this run's own, never a shared one that carries state between runs.
  const dataDir = mkdtempSync(join(tmpdir(), 'rec-carriers-'));
  const engine = new Engine({ site: smallSite(3), siteFile: '/srv/rec-console/sites/test.yaml', dataDir, factories: control.table(), log });
  let setup: CarrierSetup;

  beforeAll(async () => {
    engine.start();
    setup = await CARRIERS[name]!(engine);
  });
  afterAll(async () => {
    await setup.close();
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers typed requests with validated replies', async () => {
    const client = new ContractClient(setup.carrier);
    const hello = await client.request('engine.hello', { client: 'test' });
    expect(hello.site.name).toBe('Test site');
    expect(hello.site.file).toBe('test.yaml'); // the base name only: clients never learn the engine's paths
    const summary = await client.request('site.summary', {});
    expect(summary.equipment.map((e) => e.id)).toEqual(['eq1']);
  });

  it.each([
    ['an unknown request name', JSON.stringify({ t: 'req', id: 11, name: 'engine.selfDestruct', body: {} }), 'unknown-request', 11],
    ['a prototype key as name', JSON.stringify({ t: 'req', id: 12, name: '__proto__', body: {} }), 'unknown-request', 12],
    ['a body of the wrong shape', JSON.stringify({ t: 'req', id: 13, name: 'engine.hello', body: { client: 42 } }), 'bad-request', 13],
    ['a body with undeclared fields', JSON.stringify({ t: 'req', id: 14, name: 'site.summary', body: { admin: true } }), 'bad-request', 14],
    ['an envelope of unknown kind', JSON.stringify({ t: 'exec', id: 15, name: 'engine.hello', body: {} }), 'bad-envelope', 15],
  ])('refuses %s with a structured reply', async (_what, frame, code, id) => {
    const reply = await rawExchange(setup.carrier, frame);
    expect(reply).toMatchObject({ t: 'res', id, ok: false, error: { code } });
  });

  it.each([
    ['text that is not JSON', () => '{not json', 'bad-frame'],
    ['a frame over the size cap', () => JSON.stringify({ t: 'req', id: 20, name: 'engine.hello', body: { client: 'x'.repeat(MAX_INBOUND_FRAME_BYTES) } }), 'too-large'],
    ['a binary frame from a client', () => new ArrayBuffer(64), 'bad-frame'],
    ['a JSON value that is no envelope', () => '[1,2,3]', 'bad-envelope'],
  ])('answers %s with a contract.error event', async (_what, frame, code) => {
    const reply = await rawExchange(setup.carrier, frame());
    expect(reply).toMatchObject({ t: 'evt', name: 'contract.error', body: { code } });
  });

  it('keeps serving after every refusal, and logged the first five one by one (the rest are counted, not logged)', async () => {
    const client = new ContractClient(setup.carrier);
    await expect(client.request('connections.list', {})).resolves.toHaveProperty('connections');
    await expect(client.request('link.stats', { connectionId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    expect(log.entries.filter((e) => e.code.startsWith('contract.')).length).toBe(5);
  });

  it('answers a body of 10,000 undeclared fields with a short refusal, not one naming them all', async () => {
    const body = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, 0]));
    const reply = (await rawExchange(setup.carrier, JSON.stringify({ t: 'req', id: 30, name: 'site.summary', body }))) as { error: { code: string; message: string } };
    expect(reply).toMatchObject({ t: 'res', id: 30, ok: false, error: { code: 'bad-request' } });
    expect(reply.error.message).toContain('"f0"');
    expect(reply.error.message).toMatch(/… \(\d+ more characters\)$/);
    expect(reply.error.message.length).toBeLessThan(1_000);
  });

  it('streams telemetry frames that carry the latest values', async () => {
    const client = new ContractClient(setup.carrier);
    const seen = new Map<number, number>();
    const done = new Promise<void>((resolve) => {
      client.onTelemetry((frame, ack) => {
        frame.ids.forEach((id, i) => seen.set(id, frame.values[i]!));
        ack();
        if (seen.get(2) === 42) resolve();
      });
    });
    await client.request('telemetry.subscribe', {});
    for (let round = 0; round <= 40; round++) control.emit((i) => (i === 2 ? round + 2 : i));
    await done;
    expect(seen.get(0)).toBe(0);
  });
});
