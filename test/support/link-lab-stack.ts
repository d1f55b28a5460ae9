/** The demo behind the link lab for E2E tests: `link-lab-serve.ts` in a child process; resolves with the console URL. */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEMO_OPCUA_PASSWORD } from '../../main/sim/demo-credentials';
import { spawnTied } from './tied-spawn';

const ENTRY = fileURLToPath(new URL('./link-lab-serve.ts', import.meta.url));

/** A running demo behind the link lab. */
export interface LinkLabStack {
  url: string;
  close(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 8000).unref();
  });
}

/** Starts simulators behind the link lab (`profile`) and serve mode; resolves once the console URL is known. */
export async function startLinkLabStack(profile = '5g-good'): Promise<LinkLabStack> {
  const dir = mkdtempSync(join(tmpdir(), 'rec-linklab-'));
  const env = { ...process.env, REC_DATA_DIR: dir, REC_OPCUA_PASSWORD: DEMO_OPCUA_PASSWORD };
  const child = spawnTied(process.execPath, ['--import', 'tsx', ENTRY, dir, profile], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the link-lab stack did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`link-lab stack exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^serving .* at (http:\/\/\S+)$/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  }).catch(async (error: unknown) => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    url,
    close: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
