/** Starts the drill-rig simulator as a child process (killable, restartable on the same port). */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnTied } from './tied-spawn';

const SCRIPT = fileURLToPath(new URL('./rig-sim-main.ts', import.meta.url));

/** How to start the simulator process. */
export interface RigSimOptions {
  dataDir: string;
  port?: number;
  stress?: number;
  stressHz?: number;
  maxPerCall?: number;
}

/** A simulator child process. */
export interface RigSimProcess {
  url: string;
  port: number;
  /** SIGKILL: the server vanishes without closing sessions, like a power cut. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server freezes with its sockets open, like a silent link outage. */
  pause(): void;
  resume(): void;
}

/** Spawns the simulator and resolves once it prints its URL. */
export function startRigSimProcess(options: RigSimOptions): Promise<RigSimProcess> {
  const args = ['--import', 'tsx', SCRIPT, '--data-dir', options.dataDir, '--port', String(options.port ?? 0)];
  if (options.stress) args.push('--stress', String(options.stress), '--stress-hz', String(options.stressHz ?? 10));
  if (options.maxPerCall) args.push('--max-per-call', String(options.maxPerCall));
  const child: ChildProcess = spawnTied(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rig simulator did not start within 30 s: ${err.slice(-500)}`));
    }, 30_000);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^rig (opc\.tcp:\/\/\S+:(\d+))$/m.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1] ?? '',
        port: Number(match[2]),
        pause: () => void child.kill('SIGSTOP'),
        resume: () => void child.kill('SIGCONT'),
        kill: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGCONT');
            child.kill('SIGKILL');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`rig simulator exited with ${code}: ${err.slice(-500)}`));
    });
  });
}
