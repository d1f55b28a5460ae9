/** An engine with the real OPC UA driver on a generated site, talked to through the contract (in-memory carrier). */
import { createInMemoryCarrierPair } from '../../shared/contract/carriers/carrier';
import { loginAs, TEST_USERS, type TestRole } from './test-users';
import { ContractClient } from '../../shared/contract/client';
import type { ConnectionStatus } from '../../shared/contract/events';
import { SiteFile } from '../../shared/site/schema';
import { Engine } from '../../main/engine/engine';
import { driverFactories } from '../../main/engine/drivers/factories';
import { createOpcUaDriver } from '../../main/engine/drivers/opcua';
import { createMemoryLogger } from '../../main/engine/log';

/** What the generated rig site contains. */
export interface RigSiteOptions {
  endpoint: string;
  security?: { mode: string; policy: string };
  user?: Record<string, unknown>;
  /** Rig tags (name → NodeId), default a few process values. */
  tags?: Record<string, string>;
  /** Bind this many `Stress.Item<i>` variables too. */
  stressTags?: number;
  connectRetries?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** The connection's request timeout (default 5000 ms); a value goes stale a keep-alive period after it. */
  timeoutMs?: number;
}

/** A validated site with one OPC UA connection `rig-ua` and equipment `drill-rig-1`. */
export function rigSite(options: RigSiteOptions): SiteFile {
  const tags: Record<string, unknown> = {};
  const rigTags = options.tags ?? { depth: 'ns=1;s=Rig.Depth', holeId: 'ns=1;s=Rig.HoleId', heartbeat: 'ns=1;s=Rig.Heartbeat' };
  for (const [name, address] of Object.entries(rigTags)) tags[name] = { address, type: name === 'holeId' ? 'string' : 'float64', scanClass: 'fast' };
  for (let i = 0; i < (options.stressTags ?? 0); i++) tags[`s${i}`] = { address: `ns=1;s=Stress.Item${i}`, type: 'float64', scanClass: 'fast', samplingMs: 100 };
  return SiteFile.parse({
    site: { name: 'opcua test' },
    connections: [
      {
        id: 'rig-ua',
        protocol: 'opcua',
        endpoint: options.endpoint,
        security: options.security ?? { mode: 'SignAndEncrypt', policy: 'Basic256Sha256' },
        user: options.user ?? { kind: 'username', name: 'operator', passwordEnv: 'REC_TEST_RIG_PASSWORD' },
        timeoutMs: options.timeoutMs ?? 5000,
        connectRetries: options.connectRetries ?? 1,
        backoff: options.backoff ?? { initialMs: 300, maxMs: 1500 },
      },
    ],
    equipment: [{ id: 'drill-rig-1', name: 'Drill rig 1', type: 'drill-rig', connection: 'rig-ua', tags }],
    users: TEST_USERS,
  });
}

/** A running engine plus a contract client and the history of connection states. */
export interface EngineHarness {
  engine: Engine;
  client: ContractClient;
  states: ConnectionStatus[];
  log: ReturnType<typeof createMemoryLogger>;
  /** Resolves once the client is logged in (as admin unless the harness was started otherwise). */
  loggedIn: Promise<unknown>;
  /** Resolves with the first status satisfying `predicate` (already seen or future). */
  waitForState(predicate: (s: ConnectionStatus) => boolean, timeoutMs?: number): Promise<ConnectionStatus>;
  stop(): Promise<void>;
}

/** Starts an engine on `site` with the real OPC UA driver. */
export function startEngine(site: SiteFile, dataDir: string, login: TestRole | false = 'admin'): EngineHarness {
  const log = createMemoryLogger();
  const engine = new Engine({ site, siteFile: 'generated', dataDir, factories: { ...driverFactories, opcua: createOpcUaDriver }, log });
  const [engineSide, clientSide] = createInMemoryCarrierPair();
  engine.attach(engineSide, 'test');
  const client = new ContractClient(clientSide, { timeoutMs: 60_000 });
  const states: ConnectionStatus[] = [];
  const waiters = new Set<() => void>();
  client.on('connection.state', (status) => {
    states.push(status);
    for (const wake of waiters) wake();
  });
  engine.start();
  // Users exist only on sites that define them (the demo site, test sites built with TEST_USERS).
  const loggedIn = login && site.users.length > 0 ? loginAs(client, login) : Promise.resolve();
  return {
    engine,
    client,
    states,
    log,
    loggedIn,
    waitForState(predicate, timeoutMs = 45_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = states.find(predicate);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`state not reached in ${timeoutMs} ms; seen: ${states.map((s) => `${s.state}${s.reason ? `(${s.reason.code})` : ''}`).join(' → ')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async stop() {
      client.close();
      await engine.stop();
    },
  };
}

/** Walks the normal trust workflow (fail untrusted → certs.trust → retry) and waits until connected. */
export async function trustAndConnect(harness: EngineHarness, connectionId = 'rig-ua'): Promise<void> {
  const failed = await harness.waitForState((s) => s.state === 'failed' || s.state === 'connected');
  if (failed.state === 'connected') return answered(harness, connectionId);
  if (failed.reason?.code !== 'untrusted-certificate') throw new Error(`expected untrusted-certificate, got ${JSON.stringify(failed.reason)}`);
  await harness.loggedIn;
  await harness.client.request('certs.trust', { thumbprint: String(failed.reason.details?.thumbprint) });
  await harness.client.request('connections.retry', { connectionId });
  await harness.waitForState((s) => s.state === 'connected');
  await answered(harness, connectionId);
}

/** Waits until the link monitor has seen the device answer (connected means answered: commands wait for it too). */
export async function answered(harness: EngineHarness, connectionId = 'rig-ua'): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (harness.engine.link.linkOf(connectionId).quality === 'lost') {
    if (Date.now() > deadline) throw new Error(`${connectionId}: connected, but the device never answered a probe`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
