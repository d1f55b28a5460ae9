/**
 * Consoles on the demo crane: the real crane simulator on an ephemeral port, and engines (each its own console id,
 * data directory and audit log) running the demo site's crane block through the real Modbus driver. A raw
 * modbus-serial master reaches the simulator's registers directly, as a test's back door (wind override, faults).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type ModbusRTU from 'modbus-serial';
import { createInMemoryCarrierPair } from '../../shared/contract/carriers/carrier';
import { ContractClient } from '../../shared/contract/client';
import type { EventName, EventOf } from '../../shared/contract/events';
import { SiteFile } from '../../shared/site/schema';
import { Engine, type EngineOptions } from '../../main/engine/engine';
import { createMemoryLogger } from '../../main/engine/log';
import { craneSimulator } from '../../main/sim/crane/crane-sim';
import type { RunningSimulator } from '../../main/sim/simulator';
import { closeMaster, connectMaster } from '../integration/sim/sim-clients';
import { modbusFactories } from './modbus-engine';
import { loginAs, type TestRole } from './test-users';

/**
 * A craneSite patch: the crane's link with eight requests in flight (the simulator takes them; only scan reads use
 * more than one). At 80 ms and more, one request at a time carries a fraction of the crane's scan (~76 requests/s):
 * its values are seconds old, and the gate refuses motion on interlock inputs older than the screen's limit
 * (safety/interlocks.ts). A site on such a link runs it this way.
 */
export function pipelined(site: Record<string, unknown>): void {
  for (const c of site.connections as Record<string, unknown>[]) c.maxInFlight = 8;
}

/** The demo site cut down to the crane, pointed at `port`. */
export async function craneSite(port: number, patch?: (site: Record<string, unknown>) => void): Promise<SiteFile> {
  const demo = parse(await readFile('main/sim/demo-site.yaml', 'utf8')) as Record<string, unknown> & { connections: Record<string, unknown>[]; equipment: { id: string }[] };
  demo.connections = demo.connections.filter((c) => c.id === 'crane-plc').map((c) => ({ ...c, port, timeoutMs: 500, backoff: { initialMs: 100, maxMs: 400 } }));
  demo.equipment = demo.equipment.filter((e) => e.id === 'sts-crane-1');
  patch?.(demo);
  return SiteFile.parse(demo);
}

/** One console: an engine and a client of it. */
export interface Console {
  engine: Engine;
  client: ContractClient;
  dataDir: string;
  events: { name: string; body: unknown }[];
  /** Resolves with the first event `name` whose body satisfies `predicate` (already received or future). */
  waitForEvent<N extends EventName>(name: N, predicate?: (body: EventOf<N>) => boolean, timeoutMs?: number): Promise<EventOf<N>>;
  /** A second client of the same engine. */
  attachClient(label: string): ContractClient;
  stop(): Promise<void>;
}

/** Starts a console with `consoleId` on `site`; logs its client in as `role` (false: not logged in). */
export async function startConsole(site: SiteFile, consoleId: number, role: TestRole | false, label = `console-${consoleId}`, extra: Partial<EngineOptions> = {}): Promise<Console> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rec-console-'));
  const engine = new Engine({ site, siteFile: 'crane.yaml', dataDir, factories: modbusFactories, log: createMemoryLogger(), maxHz: 60, consoleId, ...extra });
  const clients: ContractClient[] = [];
  const attachClient = (name: string) => {
    const [clientSide, engineSide] = createInMemoryCarrierPair();
    engine.attach(engineSide, name);
    const client = new ContractClient(clientSide, { timeoutMs: 30_000 });
    clients.push(client);
    return client;
  };
  const client = attachClient(label);
  const events: { name: string; body: unknown }[] = [];
  const wakers = new Set<() => void>();
  for (const name of ['control.changed', 'jog.stopped', 'session.changed', 'connection.state'] as const) {
    client.on(name, (body) => {
      events.push({ name, body });
      for (const wake of wakers) wake();
    });
  }
  engine.start();
  if (role) await loginAs(client, role);
  return {
    engine,
    client,
    dataDir,
    events,
    attachClient,
    waitForEvent(name, predicate = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.name === name && predicate(e.body as never));
          if (!found) return false;
          wakers.delete(check);
          clearTimeout(timer);
          resolve(found.body as never);
          return true;
        };
        const timer = setTimeout(() => {
          wakers.delete(check);
          reject(new Error(`no ${name} event in ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) wakers.add(check);
      });
    },
    async stop() {
      for (const c of clients) c.close();
      await engine.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The crane simulator plus a raw master on it. */
export async function startCrane(): Promise<{ sim: RunningSimulator; port: number; master: ModbusRTU; stop(): Promise<void> }> {
  const sim = await craneSimulator.start({ host: '127.0.0.1', port: 0, dataDir: '' });
  const port = Number(new URL(sim.url).port);
  const master = await connectMaster('tcp', port);
  return {
    sim,
    port,
    master,
    async stop() {
      await closeMaster(master);
      await sim.close();
    },
  };
}

/**
 * Resets the crane's latched faults (an earlier case may have tripped its watchdog: a heartbeat late on a loaded
 * machine), then waits until console `c` has read them cleared (its interlocks judge on what it read). Call it with a
 * console in control: the device refuses a reset without an owner whose heartbeats are fresh, so it is tried until
 * the first heartbeat of a new holder has landed.
 */
export async function resetCraneFaults(master: ModbusRTU, c: Console): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      await master.writeCoil(1, true);
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error('the crane refused its fault reset for 5 s', { cause: error });
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  while (valueOf(c, 'anyFault') !== 0) {
    if (Date.now() > deadline) throw new Error(`the console still reads a crane fault 5 s after its reset (anyFault ${String(valueOf(c, 'anyFault'))})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the console's crane connection answers and its first values are in. */
export async function waitConnected(c: Console): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { connections } = await c.client.request('connections.list', {});
    const remote = c.engine.signals.find((s) => s.tag === 'remoteMode');
    if (connections.every((s) => s.state === 'connected') && remote && c.engine.store.get(remote.id)) return;
    if (Date.now() > deadline) throw new Error(`crane not connected: ${JSON.stringify(connections)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The latest value of a crane tag as the engine has it. */
export function valueOf(c: Console, tag: string): number | string | undefined {
  const signal = c.engine.signals.find((s) => s.tag === tag);
  const v = signal ? c.engine.store.get(signal.id)?.value : undefined;
  return typeof v === 'bigint' ? v.toString() : v;
}
