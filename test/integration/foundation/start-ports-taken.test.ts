/**
 * `start` when the demo ports are taken: the simulators start on free ports, one line says so, and the engine
 * (serve mode) talks to the simulators on those ports — the demo site file itself is untouched. `sim` on a taken
 * port names the simulator, the address and what to do. Real processes and sockets on loopback.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractClient } from '../../../shared/contract/client';
import { connectWebSocketCarrier } from '../../../shared/contract/carriers/websocket-client';
import { startSimulators } from '../../../main/cli/commands/sim';
import { DEMO_SITE_PATH } from '../../../main/engine/config/load-site';
import { LAUNCHER } from '../../../main/cli/sim-process';
import { DEFAULT_BASE_PORT } from '../../../main/sim/ports';
import { spawnTied } from '../../support/tied-spawn';

const dir = mkdtempSync(join(tmpdir(), 'rec-start-taken-'));
const holders: Server[] = [];
const DEMO_PORTS = [0, 1, 2].map((offset) => DEFAULT_BASE_PORT + offset);

/** Holds `port` on 127.0.0.1; resolves false when someone else already holds it (it is taken either way). */
function hold(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => {
      holders.push(server);
      resolve(true);
    });
  });
}

beforeAll(async () => {
  await Promise.all(DEMO_PORTS.map(hold));
});
afterAll(async () => {
  await Promise.all(holders.map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

describe('rec-console sim on a taken port', () => {
  it.each([
    ['crane', DEFAULT_BASE_PORT],
    ['rig', DEFAULT_BASE_PORT + 2],
  ])('names the %s simulator, the address and what to do', async (name, port) => {
    const error = await startSimulators({ only: name, host: '127.0.0.1', basePort: String(DEFAULT_BASE_PORT), dataDir: dir }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `the ${name} simulator cannot listen on 127.0.0.1:${port}: the port is taken (EADDRINUSE). Are the simulators already running? Stop them, or pick other ports with --base-port N (0 = any free ports).`,
    );
  });
});

describe('start with the demo ports taken', () => {
  let child: ChildProcess;
  const lines: string[] = [];
  const demoSiteBefore = readFileSync(DEMO_SITE_PATH, 'utf8');

  beforeAll(async () => {
    child = spawnTied(process.execPath, [LAUNCHER, 'start', '--serve'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REC_DATA_DIR: dir } });
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`start exited ${code}: ${lines.join('\n')}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        lines.push(line);
        if (line.startsWith('serving ')) resolve();
      });
    });
  });
  afterAll(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });

  it('says in one line that it uses free ports, and starts the simulators there', () => {
    const moved = lines.find((line) => line.startsWith('demo ports '));
    expect(moved).toMatch(/^demo ports 15020, 15021, 15022 are taken \(simulators already running\?\) — using free ports \d+, \d+, \d+ for this session$/);
    const simPorts = lines.filter((line) => line.startsWith('simulator ')).map((line) => Number(/:(\d+)/.exec(line.split(' ')[2] ?? '')?.[1]));
    expect(simPorts).toHaveLength(3);
    expect(simPorts.some((port) => DEMO_PORTS.includes(port))).toBe(false);
    expect(moved).toContain(`using free ports ${simPorts.join(', ')}`);
  });

  it('points the engine at those ports: the Modbus simulators are connected; the demo site file is unchanged', async () => {
    const url = new URL(/at (http:\S+)$/.exec(lines.at(-1) ?? '')?.[1] ?? '');
    const client = new ContractClient(await connectWebSocketCarrier(`ws://${url.host}/engine?token=${url.searchParams.get('token')}`));
    try {
      const summary = await client.request('site.summary', {});
      const simPorts = lines.filter((line) => line.startsWith('simulator ')).map((line) => /:(\d+)/.exec(line.split(' ')[2] ?? '')?.[1]);
      expect(summary.connections.map((c) => c.endpoint)).toEqual([`127.0.0.1:${simPorts[0]}`, `127.0.0.1:${simPorts[1]}`, `opc.tcp://127.0.0.1:${simPorts[2]}`]);
      const deadline = Date.now() + 20_000;
      let states: Record<string, string> = {};
      while (Date.now() < deadline && !(states['crane-plc'] === 'connected' && states['ladle-plc'] === 'connected')) {
        states = Object.fromEntries((await client.request('connections.list', {})).connections.map((c) => [c.connectionId, c.state]));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(states).toMatchObject({ 'crane-plc': 'connected', 'ladle-plc': 'connected' });
    } finally {
      client.close();
    }
    expect(readFileSync(DEMO_SITE_PATH, 'utf8')).toBe(demoSiteBefore);
  });
});
