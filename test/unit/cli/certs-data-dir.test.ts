/** `rec-console certs` given a file for its data folder: one clear line and exit 1, before the PKI tries to make a folder in it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { main } from '../../../main/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'rec-certs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.each([['list'], ['trust', 'ab'.repeat(20)]])('certs %s refuses a file as its data folder', async (...args) => {
  const file = join(dir, 'not-a-folder');
  writeFileSync(file, 'x');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['certs', ...args, '--data-dir', file], { out: (l) => out.push(l), err: (l) => err.push(l) });
  expect({ code, out, err }).toEqual({ code: 1, out: [], err: [`rec-console: ${file}: not a folder (--data-dir names the console's data folder, which holds pki/)`] });
});
