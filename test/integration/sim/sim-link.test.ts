/** `rec-console sim --link PROFILE` as a child process: proxied URLs and the profile printed, Modbus through the proxy, bad names refused. */
import { execFile, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { LAUNCHER } from '../../../main/cli/sim-process';
import { ControlMap } from '../../../main/sim/modbus-server/plc/control-map';
import { closeMaster, connectMaster } from './sim-clients';
import { spawnTied } from '../../support/tied-spawn';

/** Starts `sim` with `args`; resolves with every stdout line up to and including the first line starting with `until`. */
function startSim(args: string[], until: string): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawnTied(process.execPath, [LAUNCHER, 'sim', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith(until)) resolve({ child, lines });
    });
    child.once('exit', (code) => reject(new Error(`sim exited (${code}) after: ${lines.join(' | ')}`)));
  });
}

const portOf = (url: string) => Number(/:(\d+)\?/.exec(url)?.[1]);

describe('rec-console sim --link', () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });

  it('prints the profile and the proxied URL, keeps the direct one as a comment, and Modbus works through it', async () => {
    const started = await startSim(['--only', 'crane', '--base-port', '0', '--link', '5g-good'], '# crane direct ');
    child = started.child;
    const [profileLine, craneLine, directLine] = started.lines;
    expect(profileLine).toMatch(/^# link 5g-good: .*10 ms RTT/);
    expect(craneLine).toMatch(/^crane modbus-tcp:\/\/127\.0\.0\.1:\d+\?unit=1$/);
    expect(directLine).toMatch(/^# crane direct modbus-tcp:\/\/127\.0\.0\.1:\d+\?unit=1$/);
    const proxied = portOf(craneLine!);
    expect(proxied).not.toBe(portOf(directLine!));

    const client = await connectMaster('tcp', proxied);
    try {
      await client.writeRegister(ControlMap.holding.controlOwner, 9);
      expect((await client.readHoldingRegisters(ControlMap.holding.controlOwner, 1)).data).toEqual([9]);
    } finally {
      await closeMaster(client);
    }
  });

  it('refuses an unknown profile with the list of names, exit 2, no stack trace', async () => {
    const result = await promisify(execFile)(process.execPath, [LAUNCHER, 'sim', '--base-port', '0', '--link', '6g'], { timeout: 30_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--link: unknown link profile "6g" \(available: lan, 5g-good, 5g-congested, 4g, degrading, outage-1s, outage-30s, half-open/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
