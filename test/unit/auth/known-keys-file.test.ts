/**
 * The known console keys survive an engine restart: the keys file round-trips, later saves supersede waiting ones,
 * the file is the owner's only, and a damaged file starts with no known console and says so.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ConsoleKeys, keyHash } from '../../../main/engine/auth/console-keys';
import { KnownKeysFile } from '../../../main/engine/auth/known-keys-file';
import { createMemoryLogger } from '../../../main/engine/log';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function authDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rec-keys-'));
  dirs.push(dir);
  return join(dir, 'auth');
}

it('a key that logged a user in is known to the next run; a fresh key is not kept', async () => {
  const dir = await authDir();
  const file = new KnownKeysFile(dir, createMemoryLogger());
  const before = new ConsoleKeys(file.load(), (known) => file.save(known));
  const desk = before.keyFor(undefined);
  const idle = before.keyFor(undefined);
  before.remember(desk, 'operator');
  before.remember(desk, 'maintenance');
  await file.flush();
  const text = await readFile(join(dir, 'console-keys.json'), 'utf8');
  expect(text).not.toContain(desk); // only its hash: the file, or a backup of it, gives no key to present
  expect(text).toContain(keyHash(desk));
  expect((await stat(join(dir, 'console-keys.json'))).mode & 0o777).toBe(0o600);

  const after = new ConsoleKeys(new KnownKeysFile(dir, createMemoryLogger()).load());
  expect(after.keyFor(desk)).toBe(desk);
  expect(after.knows(desk, 'operator') && after.knows(desk, 'maintenance')).toBe(true);
  expect(after.keyFor(idle)).not.toBe(idle); // never logged anyone in: a new key
});

it('of several saves asked for at once the file ends with the last, the owner\'s only even over a leftover temporary file', async () => {
  const dir = await authDir();
  const file = new KnownKeysFile(dir, createMemoryLogger());
  await writeFile(join(dir, 'console-keys.json.tmp'), 'left by a crash', { mode: 0o644 });
  for (let i = 1; i <= 5; i++) file.save(Array.from({ length: i }, (_, k) => [`key-${k}`, ['operator']]));
  await file.flush();
  const saved = JSON.parse(await readFile(join(dir, 'console-keys.json'), 'utf8')) as { known: unknown[] };
  expect(saved.known).toHaveLength(5);
  expect((await stat(join(dir, 'console-keys.json'))).mode & 0o777).toBe(0o600);
});

it('a damaged file starts with no known console, with a warning, and the next login writes a good one', async () => {
  const dir = await authDir();
  const log = createMemoryLogger();
  const file = new KnownKeysFile(dir, log);
  await writeFile(join(dir, 'console-keys.json'), '{"version":1,"known":[["k", "not a list"]]}');
  expect(file.load()).toEqual([]);
  await writeFile(join(dir, 'console-keys.json'), '{"version":1,');
  expect(file.load()).toEqual([]);
  expect(log.entries.filter((e) => e.code === 'auth.console-keys-unreadable')).toHaveLength(2);
  const keys = new ConsoleKeys(file.load(), (known) => file.save(known));
  const desk = keys.keyFor(undefined);
  keys.remember(desk, 'operator');
  await file.flush();
  expect(new KnownKeysFile(dir, log).load()).toEqual([[keyHash(desk), ['operator']]]);
});

it('tells of a change only when a key logs a user in for the first time', () => {
  const told: number[] = [];
  const keys = new ConsoleKeys([], (known) => told.push(known.length));
  const desk = keys.keyFor(undefined);
  keys.remember(desk, 'operator');
  keys.remember(desk, 'operator'); // the same user again: nothing new to keep
  keys.remember(keys.keyFor(undefined), 'operator');
  expect(told).toEqual([1, 2]);
});
