/**
 * `rec-console start` (what `npm start` runs): the simulators, then the console on the demo site — in Electron
 * where its binary is installed, otherwise in serve mode with one line saying why.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CliCommand, CliIo } from '../command';
import { CliError } from '../cli-error';
import { electronFailure, type ElectronExit } from '../electron-exit';
import { DEMO_SITE_PATH } from '../../engine/config/load-site';
import { PROJECT_ROOT } from '../../engine/paths';
import { DEFAULT_BASE_PORT } from '../../sim/ports';
import { DEMO_OPCUA_PASSWORD } from '../../sim/demo-credentials';
import { findElectronBinary } from '../../shell/electron-binary';
import { portMoves, retargetSiteText, takenPorts } from '../demo-ports';
import { spawnSimulators, type SimProcess } from '../sim-process';
import { childLinkLab } from '../link-control';
import { serveLinkLabBridge } from '../link-bridge';
import { LINK_PROFILE_NAMES } from '../../sim/link-lab';
import { waitForShutdown } from '../shutdown';
import { runServe } from './serve';
import { installProcessGuards } from '../../engine/process-guards';

/** Writes `text` to a new private folder (mode 0700); returns the file's path. */
function writePrivateCopy(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rec-console-site-')), 'demo-site.yaml');
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/**
 * Starts the simulators on the demo ports; when the site is the demo site and those ports are taken, on free ports
 * instead, with one line saying so and the demo site's text pointed at them (the file itself is not changed).
 */
async function startDemoSimulators(site: string, link: string, io: CliIo): Promise<{ sims: SimProcess; siteText: string | undefined }> {
  const { simulators } = await import('../../sim/registry');
  const demoPorts = simulators.map((s) => DEFAULT_BASE_PORT + s.portOffset);
  const taken = site === DEMO_SITE_PATH ? await takenPorts('127.0.0.1', demoPorts) : [];
  const basePort = taken.length > 0 ? 0 : DEFAULT_BASE_PORT;
  const linkArgs = link === 'none' ? [] : ['--link', link, '--control-stdin'];
  const sims = await spawnSimulators(['--base-port', String(basePort), ...linkArgs], simulators.length).catch((error: Error) => {
    const busy = error.message.includes('EADDRINUSE') ? ' With npm start, "npm start -- --no-sim" uses simulators that are already running.' : '';
    throw new CliError(`${error.message}${busy}`);
  });
  if (taken.length === 0) return { sims, siteText: undefined };
  const moves = portMoves(simulators, DEFAULT_BASE_PORT, sims.endpoints);
  io.out(`demo ports ${taken.join(', ')} are taken (simulators already running?) — using free ports ${[...moves.values()].join(', ')} for this session`);
  return { sims, siteText: retargetSiteText(await readFile(site, 'utf8'), moves) };
}

interface StartOptions {
  site?: string;
  sim: boolean;
  serve?: boolean;
  port?: string;
  link: string;
}

export const startCommand: CliCommand = {
  register(program, io) {
    program
      .command('start')
      .description('start the simulators and the console on the demo site (Electron, or serve mode without it)')
      .option('--site <file>', 'site file (default: the demo site)')
      .option('--no-sim', 'do not start the built-in simulators')
      .option('--serve', 'use serve mode even where Electron is installed')
      .option('--port <n>', 'serve-mode port (default, or 0: any free port)')
      .option('--link <profile>', 'link-lab profile in front of the simulators (lan, 5g-congested, 4g, …; none = no proxy)', '5g-good')
      .action(async (options: StartOptions) => {
        const site = options.site ?? DEMO_SITE_PATH;
        // The demo rig's documented demo password; a real site's password always comes from the operator.
        if (site === DEMO_SITE_PATH) process.env.REC_OPCUA_PASSWORD ??= DEMO_OPCUA_PASSWORD;
        if (options.sim && options.link !== 'none' && !LINK_PROFILE_NAMES.includes(options.link)) {
          throw new CliError(`--link: unknown link profile "${options.link}" (available: ${LINK_PROFILE_NAMES.join(', ')}, none)`, 2);
        }
        const { sims, siteText } = options.sim ? await startDemoSimulators(site, options.link, io) : { sims: undefined, siteText: undefined };
        for (const [name, url] of sims?.endpoints ?? []) io.out(`simulator ${name} ${url}`);
        const linkLab = sims && options.link !== 'none' ? childLinkLab(sims, options.link) : undefined;
        if (linkLab) io.out(`link lab: ${options.link} in front of every simulator (switch at run time: link.profile request, admin; --link none for direct)`);
        try {
          const electron = options.serve ? undefined : findElectronBinary();
          if (electron && existsSync(join(PROJECT_ROOT, 'dist', 'electron', 'main.cjs'))) {
            io.out('starting the console in Electron');
            // The Electron engine reads a file: a site retargeted in memory goes through a private temporary copy.
            const siteFile = siteText === undefined ? site : writePrivateCopy(siteText);
            // The engine host cannot reach the sim child's stdin: it switches the link lab through a loopback channel.
            const bridge = linkLab ? await serveLinkLabBridge(linkLab) : undefined;
            // Ctrl+C or a service manager's SIGTERM reaching this command goes on to Electron; the clean-up below runs
            // once it has ended (not killed with this process, leaving the private site copy behind).
            let child: ReturnType<typeof spawn> | undefined;
            const forward = (signal: NodeJS.Signals) => void child?.kill(signal);
            process.on('SIGINT', forward).on('SIGTERM', forward);
            try {
              // Launch the project folder (package.json "main" names the bundle) so the app path is the project root.
              const launched = spawn(electron, [PROJECT_ROOT, '--site', siteFile], { stdio: 'inherit', env: { ...process.env, ...bridge?.env } });
              child = launched;
              const exit = await new Promise<ElectronExit>((resolve) => {
                launched.once('error', (error) => resolve({ code: null, signal: null, error }));
                launched.once('exit', (code, signal) => resolve({ code, signal }));
              });
              const failure = electronFailure(exit);
              if (failure) throw failure;
            } finally {
              process.off('SIGINT', forward).off('SIGTERM', forward);
              await bridge?.close().catch(() => undefined);
              if (siteFile !== site) rmSync(dirname(siteFile), { recursive: true, force: true });
            }
            return;
          }
          if (!options.serve) io.out('Electron binary not installed on this machine (it cannot be downloaded here) — starting serve mode instead; open the URL below in a browser.');
          const { engine, server } = await runServe(
            { site, host: '127.0.0.1', quiet: true, ...(siteText !== undefined ? { siteText } : {}), ...(options.port ? { port: options.port } : {}), ...(linkLab ? { linkLab } : {}) },
            io,
          );
          installProcessGuards(engine.log);
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
