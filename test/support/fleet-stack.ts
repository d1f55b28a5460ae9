/**
 * A generated site of N container cranes for load tests of the operator UI: each crane is the demo site's crane
 * (same tags, commands, interlocks, alarms) with its own id, name, label and connection to its own crane simulator.
 * Scan periods are slowed (250 ms / 500 ms / 2 s) so N PLCs on one machine stay within what a 2-core box can poll.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { serveSite, stopChild, type DemoStack } from './demo-stack';
import { spawnTied } from './tied-spawn';

const FLEET_MAIN = fileURLToPath(new URL('./crane-fleet-main.ts', import.meta.url));
const DEMO_SITE = 'main/sim/demo-site.yaml';

/** The site text for cranes at `endpoints` (`modbus-tcp://host:port?unit=N`, one per crane). */
export function fleetSiteText(endpoints: readonly string[]): string {
  const demo = parse(readFileSync(DEMO_SITE, 'utf8')) as { equipment: { type: string }[]; users: unknown[] };
  const template = demo.equipment.find((e) => e.type === 'container-crane');
  if (!template) throw new Error(`${DEMO_SITE} has no container crane to copy`);
  const connections = endpoints.map((endpoint, i) => {
    const url = new URL(endpoint);
    return { id: `crane-plc-${i + 1}`, protocol: 'modbus-tcp', host: url.hostname, port: Number(url.port), unitId: Number(url.searchParams.get('unit') ?? 1), timeoutMs: 1000 };
  });
  const equipment = endpoints.map((_, i) => ({
    ...structuredClone(template),
    id: `sts-crane-${i + 1}`,
    name: `STS crane ${i + 1}`,
    label: { en: `STS crane ${i + 1}`, 'zh-CN': `岸桥 ${i + 1}` },
    connection: `crane-plc-${i + 1}`,
  }));
  const site = {
    site: { name: `Generated terminal (${endpoints.length} cranes)`, locale: 'en' },
    scanClasses: { fast: { periodMs: 250 }, normal: { periodMs: 500 }, slow: { periodMs: 2000 } },
    connections,
    equipment,
    users: demo.users,
  };
  return stringify(site, { lineWidth: 0 });
}

/** Starts `count` crane simulators and serve mode on the generated site. */
export async function startFleetStack(count = 50): Promise<DemoStack> {
  const dir = mkdtempSync(join(tmpdir(), 'rec-fleet-'));
  const sims = spawnTied(process.execPath, ['--import', 'tsx', FLEET_MAIN, '--count', String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoints = new Map<string, string>();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('crane fleet did not start within 60 s')), 60_000);
      sims.once('exit', (code) => reject(new Error(`crane fleet exited (${code})`)));
      createInterface({ input: sims.stdout! }).on('line', (line) => {
        if (line === '# ready') {
          clearTimeout(timer);
          return resolve();
        }
        const [name, url] = line.split(' ');
        if (name && url) endpoints.set(name, url);
      });
    });
    const siteFile = join(dir, 'site.yaml');
    writeFileSync(siteFile, fleetSiteText([...endpoints.values()]));
    const serve = await serveSite(siteFile, dir, { ...process.env, REC_DATA_DIR: dir });
    return {
      url: serve.url,
      dataDir: dir,
      simEndpoints: endpoints,
      pauseSimulators: (paused) => {
        sims.kill(paused ? 'SIGSTOP' : 'SIGCONT');
      },
      close: async () => {
        await serve.stop();
        await stopChild(sims);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopChild(sims);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
