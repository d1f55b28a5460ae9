import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LAUNCHER } from '../../../main/cli/sim-process';
import { manyErrorsSite } from '../../unit/site/pathological-sites';
import { spawnTied } from '../../support/tied-spawn';

const run = promisify(execFile);

/** Runs the CLI as a user would; resolves with exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [LAUNCHER, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('rec-console CLI', () => {
  it('--help lists the commands', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    for (const command of ['start', 'validate', 'serve', 'sim', 'read', 'write', 'ping']) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('validate prints a one-line summary and exits 0 for the demo site', async () => {
    const { code, stdout } = await cli('validate', 'main/sim/demo-site.yaml');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stdout).toMatch(/demo-site\.yaml: ok — site "Demo terminal/);
  });

  it('validate prints every error as file:line:col path: message and exits 1', async () => {
    const { code, stderr } = await cli('validate', 'test/fixtures/sites/bad-many.yaml');
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines.filter((l) => /^test\/fixtures\/sites\/bad-many\.yaml:\d+:\d+ \S+: /.test(l))).toHaveLength(7);
    expect(lines.at(-1)).toBe('test/fixtures/sites/bad-many.yaml: 7 errors');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('validate prints the first 50 errors, then how many more, and counts them all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-validate-'));
    try {
      const file = join(dir, 'many.yaml');
      writeFileSync(file, manyErrorsSite(200));
      const { code, stderr } = await cli('validate', file);
      expect(code).toBe(1);
      const lines = stderr.trim().split('\n');
      expect(lines.filter((l) => l.startsWith(`${file}:`) && / equipment\[0\]\.tags\.t\d+: /.test(l))).toHaveLength(50);
      expect(lines.slice(-2)).toEqual(['… and 150 more errors', `${file}: 200 errors`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing file and unknown commands in one line, without a stack trace', async () => {
    const missing = await cli('validate', 'no/such/site.yaml');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no/such/site.yaml:1:1 (file): file not found');
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });

  it('read refuses a malformed URL or unknown scheme with a usage error', async () => {
    expect(await cli('read', 'not-a-url', 'holding:0')).toMatchObject({ code: 2 });
    const scheme = await cli('read', 'http://127.0.0.1:1/', 'holding:0');
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain('unsupported URL scheme "http:"');
  });

  it('start falls back to serve mode with one clear line when Electron is missing', async () => {
    const child = spawnTied(process.execPath, [LAUNCHER, 'start', '--no-sim'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${lines.join('\n')}`)));
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line);
          if (line.startsWith('serving ')) resolve();
        });
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(lines[0]).toMatch(/^Electron binary not installed on this machine .* starting serve mode instead/);
    expect(lines.at(-1)).toMatch(/^serving Remote Equipment Console at http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
    expect(await new Promise((resolve) => child.once('exit', (code) => resolve(code)))).toBe(0);
  });
});
