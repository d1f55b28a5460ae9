/**
 * A console that logged in as a user keeps its console key across an engine restart, and with it the exemption from
 * a lockout that guesses from fresh connections cause: a token holder who restarts nothing, but guesses right after
 * the engine came back, still cannot lock the operators out of their own consoles. The real engine, twice, on one
 * data directory; a Modbus TCP device on loopback.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createInMemoryCarrierPair } from '../../../shared/contract/carriers/carrier';
import { ContractClient } from '../../../shared/contract/client';
import { ContractError } from '../../../shared/contract/errors';
import type { Engine } from '../../../main/engine/engine';
import { FaultServer } from '../../support/fault-server';
import { modbusSite, startModbusEngine } from '../../support/modbus-engine';
import { TEST_PINS } from '../../support/test-users';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A new client of `engine`, as a fresh connection is. */
function connect(engine: Engine, label: string): ContractClient {
  const [clientSide, engineSide] = createInMemoryCarrierPair();
  engine.attach(engineSide, label);
  return new ContractClient(clientSide, { timeoutMs: 30_000 });
}

it('a console that logged a user in before the restart can still log in while guesses from elsewhere lock the user out', async () => {
  const device = new FaultServer({ framing: 'mbap', units: [1] });
  await device.listen(0);
  cleanups.push(() => device.close());
  const dataDir = await mkdtemp(join(tmpdir(), 'rec-keys-restart-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const site = modbusSite({ protocol: 'modbus-tcp', host: '127.0.0.1', port: device.port, unitId: 1 }, { level: { address: 'holding:0', type: 'uint16' } });

  const first = await startModbusEngine(site, false, { dataDir });
  const { consoleKey } = await first.client.request('engine.hello', { client: 'test' });
  await first.client.request('session.login', { user: 'maintenance', secret: TEST_PINS.maintenance });
  await first.stop();

  const second = await startModbusEngine(site, false, { dataDir });
  cleanups.push(second.stop);
  for (let i = 0; i < 6; i++) {
    const guesser = connect(second.engine, `guesser-${i}`);
    await guesser.request('engine.hello', { client: 'test' });
    await guesser.request('session.login', { user: 'maintenance', secret: `99${i}9` }).catch(() => undefined);
    guesser.close();
  }
  const stranger = connect(second.engine, 'stranger');
  const refused = (await stranger.request('session.login', { user: 'maintenance', secret: TEST_PINS.maintenance }).catch((e: unknown) => e)) as ContractError;
  expect(refused).toBeInstanceOf(ContractError);
  expect(refused.details?.code).toBe('throttled');
  stranger.close();

  const back = second.client;
  expect((await back.request('engine.hello', { client: 'test', consoleKey })).consoleKey).toBe(consoleKey);
  expect((await back.request('session.login', { user: 'maintenance', secret: TEST_PINS.maintenance })).principal.user).toBe('maintenance');
}, 30_000);
