/**
 * The demo as a user runs it, on ephemeral ports: the simulators in one child process, serve mode in another,
 * on a copy of the demo site pointed at the simulators' actual ports. For E2E tests.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseDocument } from 'yaml';
import { LAUNCHER, spawnSimulators, type SimProcess } from '../../main/cli/sim-process';
import { DEFAULT_BASE_PORT, simulators } from '../../main/sim/registry';
import { DEMO_OPCUA_PASSWORD } from '../../main/sim/demo-credentials';
import { spawnTied } from './tied-spawn';

/** A running demo: the console URL (token included) and how to stop everything. */
export interface DemoStack {
  url: string;
  /** The console's data folder (audit log, history, alarm state): for tests that look at or damage what it keeps. */
  dataDir: string;
  /** The simulators' endpoints by name (crane, ladle, rig), e.g. to drive a simulation override from a test. */
  simEndpoints: Map<string, string>;
  /** Freezes (SIGSTOP) or resumes (SIGCONT) the simulators' process: silent devices behind open sockets. */
  pauseSimulators(paused: boolean): void;
  close(): Promise<void>;
}

/** Rewrites the demo site's simulator ports (DEFAULT_BASE_PORT + offset) to the ports the simulators got. */
function retargetSite(endpoints: Map<string, string>): string {
  const doc = parseDocument(readFileSync('main/sim/demo-site.yaml', 'utf8'));
  const byPort = new Map(simulators.map((s) => [DEFAULT_BASE_PORT + s.portOffset, endpoints.get(s.name)]));
  for (const connection of (doc.get('connections') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] }).items) {
    const endpoint = connection.get('endpoint');
    const port = typeof endpoint === 'string' ? Number(new URL(endpoint).port) : Number(connection.get('port'));
    const actual = byPort.get(port);
    if (!actual) continue;
    const url = new URL(actual);
    if (typeof endpoint === 'string') connection.set('endpoint', `opc.tcp://127.0.0.1:${url.port}`);
    else connection.set('port', Number(url.port));
  }
  return doc.toString();
}

/** Stops a child process: SIGTERM, then SIGKILL after 5 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** Serve mode on `siteFile` with data under `dir`; resolves with the console URL once it is known. */
export async function serveSite(siteFile: string, dir: string, env: NodeJS.ProcessEnv): Promise<{ url: string; stop(): Promise<void> }> {
  // --port 0 as a field install may write it: any free port.
  const serve = spawnTied(process.execPath, [LAUNCHER, 'serve', '--site', siteFile, '--data-dir', dir, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const url = await new Promise<string>((resolve, reject) => {
    serve.once('exit', (code) => reject(new Error(`serve exited (${code})`)));
    createInterface({ input: serve.stdout! }).on('line', (line) => {
      const match = /^serving .* at (http:\/\/\S+)$/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
  });
  return { url, stop: () => stopChild(serve) };
}

/** Starts simulators and serve mode; resolves once the console URL is known. */
export async function startDemoStack(): Promise<DemoStack> {
  const dir = mkdtempSync(join(tmpdir(), 'rec-demo-'));
  const env = { ...process.env, REC_DATA_DIR: dir, REC_OPCUA_PASSWORD: DEMO_OPCUA_PASSWORD };
  let sims: SimProcess | undefined;
  if (simulators.length > 0) sims = await spawnSimulators(['--base-port', '0', '--data-dir', dir], simulators.length);
  const siteFile = join(dir, 'site.yaml');
  writeFileSync(siteFile, retargetSite(sims?.endpoints ?? new Map()));
  const serve = await serveSite(siteFile, dir, env);
  return {
    url: serve.url,
    dataDir: dir,
    simEndpoints: sims?.endpoints ?? new Map(),
    pauseSimulators: (paused) => {
      sims?.child.kill(paused ? 'SIGSTOP' : 'SIGCONT');
    },
    close: async () => {
      sims?.child.kill('SIGCONT'); // a frozen process would never hear the stop
      await serve.stop();
      await sims?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
