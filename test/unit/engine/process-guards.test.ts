/**
 * The engine's process guards, in a real child process: an unhandled rejection is logged as an error and the
 * process keeps running; an uncaught exception is logged and the process exits non-zero for a clean restart.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { UNCAUGHT_EXIT_CODE } from '../../../main/engine/process-guards';

const SCRIPT = fileURLToPath(new URL('../../support/process-guards-main.ts', import.meta.url));

function run(mode: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, mode], { stdio: ['pipe', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const saw = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (output.stdout.includes(text) ? resolve() : undefined);
      child.stdout.on('data', check);
      check();
      void exited.then(() => (output.stdout.includes(text) ? resolve() : reject(new Error(`exited without "${text}": ${output.stderr}`))));
    });
  return { child, output, exited, saw };
}

it('logs an unhandled rejection as an error (first line, no stack dump) and keeps the process running', async () => {
  const { child, output, exited, saw } = run('rejection');
  await saw('alive after the rejection');
  expect(child.exitCode).toBeNull();
  const line = output.stderr.split('\n').find((l) => l.includes('engine.unhandled-rejection')) ?? '';
  expect(line).toMatch(/ error +engine\.unhandled-rejection .*Error: stray failure/);
  expect(line).not.toContain('second line');
  expect(output.stderr).not.toMatch(/\n\s+at /); // no multi-line stack trace
  child.stdin.write('exit\n');
  expect(await exited).toBe(0);
}, 30_000);

it('logs an uncaught exception and exits non-zero', async () => {
  const { output, exited } = run('exception');
  expect(await exited).toBe(UNCAUGHT_EXIT_CODE);
  expect(output.stderr).toMatch(/ error +engine\.uncaught-exception .*Error: broken invariant/);
  expect(output.stderr).not.toMatch(/\n\s+at /);
}, 30_000);
