/** Starts test/support/pymodbus/server.py (Debian python3-pymodbus) and stops it again, leaving nothing behind. */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnTied } from './tied-spawn';

const SCRIPT = fileURLToPath(new URL('./pymodbus/server.py', import.meta.url));

/** One entry of the server's known image (values of 64-bit types as decimal text). */
export interface ImageEntry {
  table: 'holding' | 'input' | 'coil' | 'discrete';
  address: number;
  type?: string;
  order?: string;
  value: number | string | boolean;
  length?: number;
  bit?: number;
}

/** How to start the pymodbus device. */
export interface PymodbusOptions {
  mode: 'tcp' | 'rtu-tcp' | 'serial';
  image?: ImageEntry[];
  units?: number[];
  holes?: number[];
  device?: string;
  baud?: number;
  /** Registers/bits per table (default 1024). */
  size?: number;
}

/** A running pymodbus server. */
export interface PymodbusServer {
  port: number;
  close(): Promise<void>;
}

/** Spawns the server with /usr/bin/python3 and resolves once it prints its ready line. */
export function startPymodbus(options: PymodbusOptions): Promise<PymodbusServer> {
  const args = [SCRIPT, '--mode', options.mode, '--image', JSON.stringify(options.image ?? [], (key, value: unknown) => (key === 'expected' ? undefined : value)), '--units', (options.units ?? [1]).join(',')];
  if (options.holes) args.push('--holes', options.holes.join(','));
  if (options.device) args.push('--device', options.device);
  if (options.baud) args.push('--baud', String(options.baud));
  if (options.size) args.push('--size', String(options.size));
  const child = spawnTied('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`pymodbus server not ready within 15 s: ${stderr}`)), 15_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('exit', (code) => fail(new Error(`pymodbus server exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`)));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n') || line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const ready = JSON.parse(line) as { port?: number };
      resolve({ port: ready.port ?? 0, close: () => stop(child) });
    });
  });
}

/** Terminates a child process and waits for it to exit (SIGKILL after 3 s). */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
