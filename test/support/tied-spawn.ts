/**
 * Spawns a helper process (simulator, pymodbus, socat, a serve or crash-test child) that dies with the process
 * that started it, however that one ends, SIGKILL included. Ctrl-C reached helpers through the process group, but a
 * test worker or benchmark killed outright left them running, holding ports and PTYs the next run then found taken.
 *
 * How: Linux's parent-death signal, set by util-linux's `setpriv --pdeathsig` (Debian: essential, always there),
 * which then execs the command in its own place: the pid, kill() and exit status stay the command's. The signal
 * comes when the thread that spawned ends, which is the process for Vitest's forks and Playwright's runner. Where
 * setpriv is absent or cannot set the signal (not Linux, an old util-linux) the spawn is a plain one.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';

const SETPRIV = '/usr/bin/setpriv';
/** Tried once, the way every spawn uses it (a setpriv before util-linux 2.33 has no --pdeathsig). */
const tieAvailable = spawnSync(SETPRIV, ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore' }).status === 0;

function tied(command: string, argsOrOptions?: readonly string[] | SpawnOptions, maybeOptions?: SpawnOptions): ChildProcess {
  const args = Array.isArray(argsOrOptions) ? (argsOrOptions as readonly string[]) : [];
  const options = (Array.isArray(argsOrOptions) ? maybeOptions : (argsOrOptions as SpawnOptions | undefined)) ?? {};
  if (!tieAvailable) return spawn(command, args, options);
  return spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args], options);
}

/** Like child_process.spawn (its overloads too: the stdio asked for decides which streams exist), but the child gets SIGKILL when this process dies. */
export const spawnTied = tied as typeof spawn;

/** Whether the tie is in force here (tests of it are skipped where it is not). */
export const spawnTiedKillsOnParentDeath = tieAvailable;
