/**
 * `rec-console start` (what `npm start` runs): the simulators, then the console on the demo site — in Electron
 * where its binary is installed, otherwise in serve mode with one line saying why.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CliCommand } from '../command';
import { CliError } from '../cli-error';
import { DEMO_SITE_PATH } from '../../engine/config/load-site';
import { PROJECT_ROOT } from '../../engine/paths';
import { DEFAULT_BASE_PORT } from '../../sim/ports';
import { DEMO_OPCUA_PASSWORD } from '../../sim/demo-credentials';
import { findElectronBinary } from '../../shell/electron-binary';
import { spawnSimulators } from '../sim-process';
import { waitForShutdown } from '../shutdown';
import { runServe } from './serve';

interface StartOptions {
  site?: string;
  sim: boolean;
  serve?: boolean;
  port?: string;
}

export const startCommand: CliCommand = {
  register(program, io) {
    program
      .command('start')
      .description('start the simulators and the console on the demo site (Electron, or serve mode without it)')
      .option('--site <file>', 'site file (default: the demo site)')
      .option('--no-sim', 'do not start the built-in simulators')
      .option('--serve', 'use serve mode even where Electron is installed')
      .option('--port <n>', 'serve-mode port (default: any free port)')
      .action(async (options: StartOptions) => {
        const site = options.site ?? DEMO_SITE_PATH;
        // The demo rig's documented demo password; a real site's password always comes from the operator.
        if (site === DEMO_SITE_PATH) process.env.REC_OPCUA_PASSWORD ??= DEMO_OPCUA_PASSWORD;
        const simulatorCount = options.sim ? (await import('../../sim/registry')).simulators.length : 0;
        const sims = options.sim
          ? await spawnSimulators(['--base-port', String(DEFAULT_BASE_PORT)], simulatorCount).catch((error: Error) => {
              const busy = error.message.includes('EADDRINUSE') ? ' — simulators already running? use "npm start -- --no-sim" to use them' : '';
              throw new CliError(`${error.message}${busy}`);
            })
          : undefined;
        for (const [name, url] of sims?.endpoints ?? []) io.out(`simulator ${name} ${url}`);
        try {
          const electron = options.serve ? undefined : findElectronBinary();
          if (electron && existsSync(join(PROJECT_ROOT, 'dist', 'electron', 'main.cjs'))) {
            io.out('starting the console in Electron');
            // Launch the project folder (package.json "main" names the bundle) so the app path is the project root.
            const child = spawn(electron, [PROJECT_ROOT, '--site', site], { stdio: 'inherit' });
            await new Promise<void>((resolve) => child.once('exit', () => resolve()));
            return;
          }
          if (!options.serve) io.out('Electron binary not installed on this machine (it cannot be downloaded here) — starting serve mode instead; open the URL below in a browser.');
          const { engine, server } = await runServe({ site, host: '127.0.0.1', quiet: true, ...(options.port ? { port: options.port } : {}) }, io);
          const shutdown = waitForShutdown(); // listen before announcing, so an immediate SIGTERM is handled
          io.out(`serving Remote Equipment Console at ${server.url}`);
          await shutdown;
          await server.close();
          await engine.stop();
        } catch (error) {
          if (error instanceof CliError) throw error;
          throw new CliError(error instanceof Error ? error.message : String(error));
        } finally {
          await sims?.stop();
        }
      });
  },
};
