/** Runs `rec-console sim` as a child process and collects the `NAME URL` lines it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CliError } from './cli-error';

/** The CLI launcher, for child processes. */
export const LAUNCHER = fileURLToPath(new URL('./rec-console.mjs', import.meta.url));

/** A simulator child process and the endpoints it announced. */
export interface SimProcess {
  endpoints: Map<string, string>;
  child: ChildProcess;
  /** Hears every later stdout line of the child (e.g. link-lab acknowledgements); returns the unsubscribe. */
  onLine(listener: (line: string) => void): () => void;
  stop(): Promise<void>;
}

/** Starts the simulators in a child process; resolves once each announced its URL. */
export function spawnSimulators(args: string[], expected: number, timeoutMs = 60_000): Promise<SimProcess> {
  // stdin is a pipe only for the link lab's control channel (`--control-stdin`). The IPC channel carries nothing: it
  // closes when this process dies, however it dies, and the simulators then stop (a killed `rec-console start` or
  // benchmark left them holding the demo ports). Unreferenced, so it never keeps this process alive by itself.
  const control = args.includes('--control-stdin');
  const child = spawn(process.execPath, [LAUNCHER, 'sim', ...args], { stdio: [control ? 'pipe' : 'ignore', 'pipe', 'pipe', 'ipc'], env: process.env });
  child.channel?.unref();
  const listeners = new Set<(line: string) => void>();
  const onLine = (listener: (line: string) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  const endpoints = new Map<string, string>();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new CliError(`simulators did not start within ${timeoutMs} ms: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    }, timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      for (const listener of listeners) listener(line.trim());
      const [name, url] = line.trim().split(/\s+/);
      if (!name || !url || name.startsWith('#')) return; // `#` lines are comments (e.g. the link profile)
      endpoints.set(name, url);
      if (endpoints.size === expected) {
        clearTimeout(timer);
        resolve({ endpoints, child, onLine, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new CliError(`simulators exited (${code}): ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}
