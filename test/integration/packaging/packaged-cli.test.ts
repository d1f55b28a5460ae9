/**
 * The CLI an installed console runs with `--cli` (main/cli/packaged-cli.ts), bundled by esbuild with the options the
 * Electron build uses and run by plain Node without a TypeScript loader, as Electron's main process runs it: it
 * validates site files, reads a real device (pymodbus), defaults to the data folder the shell gives it, and answers
 * the development-only commands with what to do instead.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBundleOptions } from '../../../main/shell/bundle-options.mjs';
import { requireTools } from '../../support/system-tools';
import { startPymodbus, type PymodbusServer } from '../../support/pymodbus';

const run = promisify(execFile);
// Inside the project, so the bundle finds the libraries it leaves external in node_modules, as the packaged app does.
const out = resolve('test/.artifacts', `packaged-cli-${process.pid}`);
const bundle = join(out, 'cli.cjs');
const dataDir = mkdtempSync(join(tmpdir(), 'rec-packaged-cli-data-'));

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  await build({ ...nodeBundleOptions, entryPoints: ['main/cli/packaged-cli.ts'], outfile: bundle });
}, 60_000);
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `<app> --cli ...args` as main/index.ts does: the bundle's runPackagedCli, exit with its code. */
async function packagedCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = `require(${JSON.stringify(bundle)}).runPackagedCli(JSON.parse(process.argv[1]), undefined, '/opt/Remote Equipment Console/rec-console').then((code) => { process.exitCode = code; })`;
  try {
    const { stdout, stderr } = await run(process.execPath, ['-e', script, JSON.stringify(args)], { timeout: 30_000, env: { ...process.env, REC_DATA_DIR: dataDir } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the installed console\'s CLI (bundled, no TypeScript loader)', () => {
  it('validates a good site file in one line, exit 0', async () => {
    const { code, stdout } = await packagedCli('validate', 'test/fixtures/sites/valid.yaml');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^test\/fixtures\/sites\/valid\.yaml: ok — site "/);
  });

  it('prints every error of a bad site file at file:line:col, exit 1, no stack trace', async () => {
    const { code, stderr } = await packagedCli('validate', 'test/fixtures/sites/bad-many.yaml');
    expect(code).toBe(1);
    expect(stderr.split('\n').filter((l) => /^test\/fixtures\/sites\/bad-many\.yaml:\d+:\d+ \S+: /.test(l))).toHaveLength(7);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('lists only the commands an installed console has, under the name it was run by', async () => {
    const { code, stdout } = await packagedCli('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: rec-console --cli \[options\] \[command\]/m);
    for (const command of ['validate', 'read', 'write', 'ping', 'browse', 'certs', 'hash-secret', 'audit']) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    for (const command of ['start', 'serve', 'sim']) expect(stdout).not.toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('answers a development-only command with what to do instead, exit 2', async () => {
    const { code, stderr } = await packagedCli('start');
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('rec-console: "start" is not available here: the console is this app: run it without --cli');
  });

  it("looks in the console's data folder by default (the one the shell passes)", async () => {
    const { code, stderr } = await packagedCli('audit', 'verify');
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`rec-console: ${join(dataDir, 'audit')}: no such file or directory`);
  });

  describe.skipIf(requireTools('pymodbus'))('against an independent Modbus device', () => {
    let device: PymodbusServer;
    beforeAll(async () => {
      device = await startPymodbus({ mode: 'tcp', image: [{ table: 'holding', address: 7, type: 'uint16', value: 4242 }] });
    });
    afterAll(async () => device?.close());

    it('reads a register, its type given as --data-type (Chromium would take --type=X for its own switch)', async () => {
      const url = `modbus-tcp://127.0.0.1:${device.port}?unit=1`;
      const { code, stdout } = await packagedCli('read', url, 'holding:7');
      expect(code).toBe(0);
      expect(stdout.trim()).toBe('holding:7 4242');
      expect((await packagedCli('read', url, 'holding:7', '--data-type=int16')).stdout.trim()).toBe('holding:7 4242');
      expect(await packagedCli('read', url, 'holding:7', '--type=int16')).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--type=int16'") as unknown });
    });
  });
});
