/** `rec-console serve [--site FILE] [--port N]`: the console in a browser, engine on 127.0.0.1 behind a per-launch token. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CliCommand, CliIo } from '../command';
import { CliError } from '../cli-error';
import { DEMO_SITE_PATH } from '../../engine/config/load-site';
import { RENDERER_DIST } from '../../engine/paths';
import { createLogger } from '../../engine/log';
import { installProcessGuards } from '../../engine/process-guards';
import type { ServeServer } from '../../serve/serve-server';
import { positiveInt } from './device-options';
import { waitForShutdown } from '../shutdown';
import type { Engine } from '../../engine/engine';
import type { LinkLabControl } from '../../engine/services';

export interface ServeCliOptions {
  site?: string;
  /** The site's text, changed in memory (`start` moving the demo ports); `site` still names the file. */
  siteText?: string;
  port?: string;
  host: string;
  dataDir?: string;
  quiet?: boolean;
  /** The link lab in front of the simulators (`start`), for the `link.profile` request. */
  linkLab?: LinkLabControl;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Starts engine + server; the caller stops both. */
export async function runServe(options: ServeCliOptions, io: CliIo): Promise<{ engine: Engine; server: ServeServer }> {
  if (!existsSync(join(RENDERER_DIST, 'index.html'))) throw new CliError('the renderer is not built: run "npm run build" first');
  // 0, like no --port at all, asks for any free port (as --base-port 0 does for the simulators).
  const port = options.port === undefined || options.port === '0' ? 0 : positiveInt(options.port, '--port', 0, 65535);
  // Loaded on use: the engine pulls in every protocol driver, which the other commands do not need.
  const [{ startEngine }, { startServeServer }] = await Promise.all([import('../../engine/start-engine'), import('../../serve/serve-server')]);
  if (!LOOPBACK.has(options.host)) io.err(`rec-console: warning: serving on ${options.host}, not loopback — anyone who can reach it and has the token can control equipment`);
  const started = await startEngine({
    siteFile: options.site ?? DEMO_SITE_PATH,
    ...(options.siteText !== undefined ? { siteText: options.siteText } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.linkLab ? { linkLab: options.linkLab } : {}),
    log: createLogger(options.quiet ? 'warn' : 'info'),
  });
  if (!started.ok) {
    for (const line of started.errors) io.err(line);
    throw new CliError(`site file has ${started.errors.length} error(s)`);
  }
  try {
    const server = await startServeServer({ engine: started.engine, rendererDir: RENDERER_DIST, host: options.host, port });
    return { engine: started.engine, server };
  } catch (error) {
    await started.engine.stop();
    throw new CliError(`cannot listen on ${options.host}:${port}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export const serveCommand: CliCommand = {
  register(program, io) {
    program
      .command('serve')
      .description('serve the console to a browser on 127.0.0.1 (a token made for this launch is in the URL)')
      .option('--site <file>', 'site file (default: the demo site)')
      .option('--port <n>', 'port (default, or 0: any free port)')
      .option('--host <address>', 'address to bind; loopback unless you really mean otherwise', '127.0.0.1')
      .option('--data-dir <dir>', 'data directory (certificates, audit log)')
      .option('--quiet', 'log warnings and errors only')
      .action(async (options: ServeCliOptions) => {
        const { engine, server } = await runServe(options, io);
        installProcessGuards(engine.log); // here, not in runServe: tests call runServe inside their own runner
        const shutdown = waitForShutdown(); // listen before announcing, so an immediate SIGTERM is handled
        io.out(`serving Remote Equipment Console at ${server.url}`);
        await shutdown;
        await server.close();
        await engine.stop();
      });
  },
};
