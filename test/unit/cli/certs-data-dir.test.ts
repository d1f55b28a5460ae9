/**
 * `rec-console certs` given a data folder that is a file, missing, or holds no certificate store: one clear line and
 * exit 1, before the PKI tries to make a folder in it, and nothing created (no new private key, no audit log).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { main } from '../../../main/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'rec-certs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const commands = [['list'], ['trust', 'ab'.repeat(20)], ['untrust', 'ab'.repeat(20)]];

async function certs(args: string[], dataDir: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['certs', ...args, '--data-dir', dataDir], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

it.each(commands)('certs %s refuses a file as its data folder', async (...args) => {
  const file = join(dir, 'not-a-folder');
  writeFileSync(file, 'x');
  expect(await certs(args, file)).toEqual({ code: 1, out: [], err: [`rec-console: ${file}: not a folder (--data-dir names the console's data folder, which holds pki/)`] });
});

it.each(commands)('certs %s refuses a mistyped (missing) data folder and creates nothing', async (...args) => {
  const missing = join(dir, 'mistyped', args[0] as string);
  expect(await certs(args, missing)).toEqual({ code: 1, out: [], err: [`rec-console: ${missing}: no such folder (--data-dir names the console's data folder, which holds pki/)`] });
  expect(existsSync(missing)).toBe(false);
});

it.each(commands)('certs %s refuses a folder with no certificate store and leaves it empty', async (...args) => {
  const empty = join(dir, 'no-pki', args[0] as string);
  mkdirSync(empty, { recursive: true });
  const result = await certs(args, empty);
  expect(result).toEqual({ code: 1, out: [], err: [`rec-console: ${empty}: no OPC UA certificate store here (no pki/ folder); check --data-dir (the console makes the store when it first connects to an OPC UA server)`] });
  expect(readdirSync(empty)).toEqual([]);
});
