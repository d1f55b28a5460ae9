/** A real Engine on a Modbus site, attached through an in-memory carrier and a ContractClient. */
import { ContractClient } from '../../shared/contract/client';
import { createInMemoryCarrierPair } from '../../shared/contract/carriers/carrier';
import type { ConnectionStatus } from '../../shared/contract/events';
import { SiteFile } from '../../shared/site/schema';
import { Engine, type EngineOptions } from '../../main/engine/engine';
import { driverFactories } from '../../main/engine/drivers/factories';
import type { DriverFactoryTable } from '../../main/engine/drivers/registry';
import { createModbusDriver } from '../../main/engine/drivers/modbus';
import { createMemoryLogger } from '../../main/engine/log';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginAs, TEST_USERS, type TestRole } from './test-users';

/** The lead's table with the Modbus factory in its three slots (what factories.ts will hold). */
export const modbusFactories: DriverFactoryTable = {
  ...driverFactories,
  'modbus-tcp': createModbusDriver,
  'modbus-rtu-tcp': createModbusDriver,
  'modbus-rtu': createModbusDriver,
};

/** Parses a site through the real schema. */
export function modbusSite(connection: Record<string, unknown>, tags: Record<string, Record<string, unknown>>, scanClasses?: Record<string, { periodMs: number }>): SiteFile {
  return SiteFile.parse({
    site: { name: 'Modbus test site' },
    ...(scanClasses ? { scanClasses } : {}),
    connections: [{ id: 'plc', backoff: { initialMs: 50, maxMs: 200 }, ...connection }],
    equipment: [{ id: 'eq1', name: 'Equipment 1', type: 'generic', connection: 'plc', tags }],
    users: TEST_USERS,
  });
}

/**
 * Starts an engine on `site` (audit log in a fresh temporary data directory; `extra` overrides any option); returns it
 * with a client logged in as `login` (admin unless told otherwise; `false` = not logged in), its state events and a stop().
 */
export async function startModbusEngine(site: SiteFile, login: TestRole | false = 'admin', extra: Partial<EngineOptions> = {}) {
  const log = createMemoryLogger();
  const dataDir = await mkdtemp(join(tmpdir(), 'rec-engine-'));
  const engine = new Engine({ site, siteFile: 'test.yaml', dataDir, factories: modbusFactories, log, maxHz: 60, ...extra });
  const [clientSide, engineSide] = createInMemoryCarrierPair();
  engine.attach(engineSide, 'test');
  const client = new ContractClient(clientSide, { timeoutMs: 60_000 });
  const states: ConnectionStatus[] = [];
  client.on('connection.state', (s) => states.push(s));
  engine.start();
  // Users exist only on sites that define them (sites built by modbusSite, the demo site).
  if (login && site.users.length > 0) await loginAs(client, login);
  const stop = async () => {
    client.close();
    await engine.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { engine, client, states, log, stop, dataDir };
}
