/** `rec-console sim`: starts the built-in simulators, prints one `NAME URL` line each, runs until SIGINT/SIGTERM. */
import type { CliCommand } from '../command';
import { CliError, describeError } from '../cli-error';
import { DEFAULT_BASE_PORT } from '../../sim/ports';
import type { RunningSimulator } from '../../sim/simulator';
import { defaultDataDir } from '../../engine/data-dir';
import { waitForShutdown } from '../shutdown';
import { positiveInt } from './device-options';
import { linkInFront, profileByName, type LinkedSimulator, type LinkProfile } from '../../sim/link-lab';
import { serveLinkControl } from '../link-control';

export interface SimOptions {
  only?: string;
  host: string;
  basePort: string;
  dataDir?: string;
  ladleSerial?: string;
  baud?: string;
  /** Link lab profile: a proxy takes each simulator's port, the simulator moves to an ephemeral port behind it. */
  link?: string;
  linkSeed?: string;
  /** Read `profile NAME` lines on stdin to switch the link lab at run time (used by `start`). */
  controlStdin?: boolean;
}

/** Starts the selected simulators; on any failure closes those already started and throws. */
export async function startSimulators(options: SimOptions): Promise<RunningSimulator[]> {
  // Loaded here, not at start-up: the simulators pull in node-opcua, which other commands do not need.
  const { simulators } = await import('../../sim/registry');
  const wanted = options.only ? options.only.split(',').map((s) => s.trim()).filter(Boolean) : simulators.map((s) => s.name);
  const unknown = wanted.filter((name) => !simulators.some((s) => s.name === name));
  if (unknown.length > 0) throw new CliError(`unknown simulator ${unknown.join(', ')} (available: ${simulators.map((s) => s.name).join(', ')})`, 2);
  const basePort = Number(options.basePort);
  if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65535) throw new CliError(`--base-port must be 0..65535, not "${options.basePort}"`, 2);
  const link = options.link === undefined ? undefined : linkProfileOption(options.link);
  const seed = positiveInt(options.linkSeed, '--link-seed', 1, 0xffffffff);
  const running: RunningSimulator[] = [];
  let current = { name: 'ladle-serial', where: options.ladleSerial ?? '' };
  try {
    for (const spec of simulators.filter((s) => wanted.includes(s.name))) {
      const port = basePort === 0 ? 0 : basePort + spec.portOffset;
      current = { name: spec.name, where: `${options.host}:${port}` };
      const sim = await spec.start({ host: options.host, port: link ? 0 : port, dataDir: options.dataDir ?? defaultDataDir() });
      running.push(sim);
      if (link) running[running.length - 1] = await linkInFront(sim, options.host, port, link.name, seed);
    }
    current = { name: 'ladle-serial', where: options.ladleSerial ?? '' };
    if (options.ladleSerial) running.push(await startLadleSerial(options.ladleSerial, positiveInt(options.baud, '--baud', 19200, 4_000_000)));
  } catch (error) {
    await Promise.all(running.map((s) => s.close()));
    throw new CliError(startFailure(current.name, current.where, error));
  }
  return running;
}

/** The profile named by `--link`, or a usage error listing the names. */
function linkProfileOption(name: string): LinkProfile {
  try {
    return profileByName(name);
  } catch (error) {
    throw new CliError(`--link: ${describeError(error)}`, 2);
  }
}

/** The lines `sim` prints: `NAME URL` per simulator (the URL to use), with `#` comment lines for the link lab. */
export function announceLines(running: RunningSimulator[], link: string | undefined): string[] {
  const lines: string[] = [];
  if (link) lines.push(`# link ${link}: ${profileByName(link).description}; the URLs below go through it`);
  for (const sim of running) {
    lines.push(`${sim.name} ${sim.url}`);
    if ('directUrl' in sim) lines.push(`# ${sim.name} direct ${String(sim.directUrl)}`);
  }
  return lines;
}

/** Which simulator could not start, where, and what to do about it. */
export function startFailure(name: string, where: string, error: unknown): string {
  const text = describeError(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'EADDRINUSE' || text.includes('EADDRINUSE')) {
    return `the ${name} simulator cannot listen on ${where}: the port is taken (EADDRINUSE). Are the simulators already running? Stop them, or pick other ports with --base-port N (0 = any free ports).`;
  }
  if (code === 'EADDRNOTAVAIL' || text.includes('EADDRNOTAVAIL')) return `the ${name} simulator cannot listen on ${where}: that address is not on this machine (EADDRNOTAVAIL); check --host.`;
  if (code === 'EACCES' || text.includes('EACCES')) return `the ${name} simulator may not listen on ${where} (EACCES): ports below 1024 need privileges; pick another --base-port.`;
  return `the ${name} simulator failed to start on ${where}: ${text}`;
}

/** A second ladle on a serial port (RTU), e.g. one end of a `socat` PTY pair or a USB-RS485 adapter. */
async function startLadleSerial(path: string, baudRate: number): Promise<RunningSimulator> {
  const { serveLadleOnSerialPort } = await import('../../sim/ladle/ladle-sim');
  const endpoint = await serveLadleOnSerialPort({ path, baudRate, parity: 'even' });
  return { name: 'ladle-serial', url: `modbus-rtu://${path}?baud=${baudRate}&parity=even&unit=1`, close: () => endpoint.close() };
}

/**
 * Resolves when the process that spawned this one with an IPC channel (sim-process.ts) is gone: the channel closes
 * when it exits or is killed. Never resolves when run from a shell (no channel).
 */
function parentGone(): Promise<void> {
  if (typeof process.send !== 'function') return new Promise(() => undefined);
  if (!process.connected || !process.channel) return Promise.resolve(); // spawned with one, and it closed already
  process.channel.unref(); // the servers keep this process alive, not the channel
  return new Promise((resolve) => process.once('disconnect', () => resolve()));
}

export const simCommand: CliCommand = {
  register(program, io) {
    program
      .command('sim')
      .description('run the built-in equipment simulators until interrupted')
      .option('--only <names>', 'comma-separated simulators to start: crane, ladle, rig (default: all)')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--base-port <port>', `first port; each simulator adds its offset (0 = ephemeral ports)`, String(DEFAULT_BASE_PORT))
      .option('--ladle-serial <path>', 'also serve a ladle crane with Modbus RTU on this serial port / PTY')
      .option('--baud <rate>', 'baud rate of --ladle-serial (8E1)', '19200')
      .option('--data-dir <dir>', 'data directory (simulator certificates)')
      .option('--link <profile>', 'put a link-lab proxy (5g-good, 4g, half-open, …) in front of each simulator')
      .option('--link-seed <n>', 'seed of the link lab\'s jitter and stalls', '1')
      .option('--control-stdin', 'with --link: switch the profile at run time by "profile NAME" lines on stdin')
      .action(async (options: SimOptions) => {
        if (options.controlStdin && options.link === undefined) throw new CliError('--control-stdin needs --link PROFILE', 2);
        // Listened for from the start: the parent may die while the simulators start (the rig's take seconds).
        let orphaned = false;
        const parentDied = parentGone().then(() => void (orphaned = true));
        const running = await startSimulators(options);
        if (orphaned) return void (await Promise.all(running.map((s) => s.close()))); // nobody to announce to
        const shutdown = waitForShutdown(); // listen before announcing, so an immediate SIGTERM is handled
        for (const line of announceLines(running, options.link)) io.out(line);
        let controllerGone: Promise<void> = new Promise(() => undefined);
        if (options.controlStdin) {
          const proxies = running.filter((s): s is LinkedSimulator => 'proxy' in s).map((s) => s.proxy);
          controllerGone = new Promise((resolve) => serveLinkControl(process.stdin, proxies, (line) => io.out(line), resolve));
        }
        await Promise.race([shutdown, controllerGone, parentDied]);
        await Promise.all(running.map((s) => s.close()));
        // The control channel is the parent's pipe, still open while it waits for this process to exit: reading it
        // kept the process alive until the parent's SIGKILL, 5 s later (every `rec-console start` took 5 s to stop).
        if (options.controlStdin) process.stdin.destroy();
      });
  },
};
