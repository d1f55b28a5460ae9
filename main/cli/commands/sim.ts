/** `rec-console sim`: starts the built-in simulators, prints one `NAME URL` line each, runs until SIGINT/SIGTERM. */
import type { CliCommand } from '../command';
import { CliError, describeError } from '../cli-error';
import { DEFAULT_BASE_PORT, simulators } from '../../sim/registry';
import type { RunningSimulator } from '../../sim/simulator';
import { defaultDataDir } from '../../engine/data-dir';
import { waitForShutdown } from '../shutdown';

export interface SimOptions {
  only?: string;
  host: string;
  basePort: string;
  dataDir?: string;
}

/** Starts the selected simulators; on any failure closes those already started and throws. */
export async function startSimulators(options: SimOptions): Promise<RunningSimulator[]> {
  const wanted = options.only ? options.only.split(',').map((s) => s.trim()).filter(Boolean) : simulators.map((s) => s.name);
  const unknown = wanted.filter((name) => !simulators.some((s) => s.name === name));
  if (unknown.length > 0) throw new CliError(`unknown simulator ${unknown.join(', ')} (available: ${simulators.map((s) => s.name).join(', ') || 'none'})`, 2);
  const basePort = Number(options.basePort);
  if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65535) throw new CliError(`--base-port must be 0..65535, not "${options.basePort}"`, 2);
  const running: RunningSimulator[] = [];
  try {
    for (const spec of simulators.filter((s) => wanted.includes(s.name))) {
      const port = basePort === 0 ? 0 : basePort + spec.portOffset;
      running.push(await spec.start({ host: options.host, port, dataDir: options.dataDir ?? defaultDataDir() }));
    }
  } catch (error) {
    await Promise.all(running.map((s) => s.close()));
    throw new CliError(`simulator failed to start: ${describeError(error)}`);
  }
  return running;
}

export const simCommand: CliCommand = {
  register(program, io) {
    program
      .command('sim')
      .description('run the built-in equipment simulators until interrupted')
      .option('--only <names>', 'comma-separated simulators to start (default: all)')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--base-port <port>', `first port; each simulator adds its offset (0 = ephemeral ports)`, String(DEFAULT_BASE_PORT))
      .option('--data-dir <dir>', 'data directory (simulator certificates)')
      .action(async (options: SimOptions) => {
        const running = await startSimulators(options);
        if (running.length === 0) throw new CliError('no simulators are built in yet');
        const shutdown = waitForShutdown(); // listen before announcing, so an immediate SIGTERM is handled
        for (const sim of running) io.out(`${sim.name} ${sim.url}`);
        await shutdown;
        await Promise.all(running.map((s) => s.close()));
      });
  },
};
