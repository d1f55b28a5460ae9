/** `rec-console sim --base-port 0` as a child process: one `NAME URL` line per simulator, clean exit on SIGTERM, ports freed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSimulators, type SimProcess } from '../../../main/cli/sim-process';
import { simulators } from '../../../main/sim/registry';

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
});
