/**
 * `rec-console sim --base-port 0` as a child process: one `NAME URL` line per simulator, clean exit on SIGTERM, ports
 * freed; and it stops by itself when the process that spawned it is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSimulators, type SimProcess } from '../../../main/cli/sim-process';
import { simulators } from '../../../main/sim/registry';
import { firstLineOf, isAlive, processesWith, waitUntil } from '../../support/process-watch';

/** Resolves true when something accepts a TCP connection on 127.0.0.1:port. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Spawns sim-parent-main.ts and resolves with its first stdout line. */
function startParent(args: string[]): { parent: ChildProcess; firstLine: Promise<string> } {
  const parent = spawn(process.execPath, ['--import', 'tsx', PARENT, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return { parent, firstLine: firstLineOf(parent) };
}

const PARENT = fileURLToPath(new URL('../../support/sim-parent-main.ts', import.meta.url));

const portOf = (url: string) => Number(/:(\d+)(?:[/?]|$)/.exec(url.replace(/^[a-z.-]+:\/\//, ''))?.[1]);

describe('rec-console sim', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rec-sim-'));
  let sims: SimProcess | undefined;

  afterAll(async () => {
    await sims?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints NAME URL for every simulator, serves them, and exits 0 on SIGTERM with every port closed', async () => {
    sims = await spawnSimulators(['--base-port', '0', '--data-dir', dataDir], simulators.length);
    expect([...sims.endpoints.keys()]).toEqual(simulators.map((s) => s.name));
    expect(sims.endpoints.get('crane')).toMatch(/^modbus-tcp:\/\/127\.0\.0\.1:\d+\?unit=1$/);
    expect(sims.endpoints.get('ladle')).toMatch(/^modbus-rtu-tcp:\/\/127\.0\.0\.1:\d+\?unit=1$/);
    const ports = [...sims.endpoints.values()].map(portOf);
    expect(ports.every((p) => Number.isInteger(p) && p > 0)).toBe(true);
    for (const port of ports) expect(await isListening(port)).toBe(true);

    const child = sims.child;
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
    for (const port of ports) expect(await isListening(port)).toBe(false);
  });

  it('stops by itself, its port freed, when the process that spawned it is killed without warning', async () => {
    const { parent, firstLine } = startParent([dataDir]);
    let simPid = 0;
    try {
      const line = await firstLine;
      const [pid, port] = line.split(' ').map(Number) as [number, number];
      simPid = pid;
      expect(isAlive(pid)).toBe(true);
      expect(await isListening(port)).toBe(true);
      parent.kill('SIGKILL');
      await waitUntil(() => !isAlive(pid), 'the orphaned simulator exits');
      expect(await isListening(port)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      if (simPid && isAlive(simPid)) process.kill(simPid, 'SIGKILL');
    }
  });

  // The outcome only: killed this early, a sim without the early listener also ends, though not cleanly (its
  // announcement then fails on the closed pipe), so this does not tell the two apart.
  it('stops by itself when the process that spawned it is killed while the simulators are still starting', async () => {
    const ownDir = mkdtempSync(join(tmpdir(), 'rec-sim-early-')); // in its command line: how its processes are found
    const { parent, firstLine } = startParent([ownDir, '--early']);
    try {
      expect(await firstLine).toBe('spawned');
      await waitUntil(() => processesWith(ownDir).length >= 2, 'the simulator process runs beside its parent');
      parent.kill('SIGKILL');
      await waitUntil(() => processesWith(ownDir).length === 0, 'the orphaned simulator process exits', 30_000);
    } finally {
      parent.kill('SIGKILL');
      for (const pid of processesWith(ownDir)) process.kill(pid, 'SIGKILL');
      rmSync(ownDir, { recursive: true, force: true });
    }
  });
});
