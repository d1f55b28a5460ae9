/** Starts test/support/engine-process-main.ts as a child process and reads its figures over IPC. */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnTied } from './tied-spawn';

const SCRIPT = fileURLToPath(new URL('./engine-process-main.ts', import.meta.url));

/** What the engine process reports about itself. */
export interface EngineProcessStats {
  rss: number;
  heapUsed: number;
  /** Longest event-loop delay since the last reset, ms. */
  loopMaxMs: number;
  /** Scan periods of signal 0 since the last reset, ms. */
  periods: number[];
  state: string | undefined;
  link: { requests: number; errors: number; timeouts: number; queueMaxDepth: number; deadUnits: number[] } | undefined;
}

/** A running engine process. */
export interface EngineProcess {
  /** The engine socket URL, token included. */
  url: string;
  /** Every stderr (log) line so far. */
  logLines: string[];
  stats(): Promise<EngineProcessStats>;
  reset(): void;
  stop(): Promise<void>;
}

/** Spawns the engine on `siteFile` and resolves once it serves. */
export function startEngineProcess(siteFile: string, dataDir: string): Promise<EngineProcess> {
  // fork() as a tied spawn: the 'ipc' stdio entry gives node its channel just the same.
  const child: ChildProcess = spawnTied(process.execPath, ['--import', 'tsx', SCRIPT, '--site', siteFile, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const logLines: string[] = [];
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    logLines.push(...lines);
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`engine did not start within 30 s: ${logLines.slice(-5).join(' | ')}`));
    }, 30_000);
    child.once('exit', (code) => reject(new Error(`engine exited (${code}): ${logLines.slice(-5).join(' | ')}`)));
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^engine (ws:\/\/\S+)$/m.exec(out);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        url: match[1],
        logLines,
        stats: () =>
          new Promise((answer) => {
            child.once('message', (message) => answer(message as EngineProcessStats));
            child.send({ type: 'stats' });
          }),
        reset: () => void child.send({ type: 'reset' }),
        stop,
      });
    });
  });
}
