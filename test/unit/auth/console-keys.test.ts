/** Console keys: a key the engine issued is kept when presented again; anything else gets a fresh key that knows nobody. */
import { expect, it } from 'vitest';
import { ConsoleKeys } from '../../../main/engine/auth/console-keys';

it('keeps an issued key, replaces an unknown one, and remembers whom each key logged in as', () => {
  const keys = new ConsoleKeys();
  const mine = keys.keyFor(undefined);
  expect(mine).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(keys.keyFor(mine)).toBe(mine);
  const forged = 'A'.repeat(32);
  const replaced = keys.keyFor(forged);
  expect(replaced).not.toBe(forged);
  expect(keys.knows(mine, 'operator')).toBe(false);
  keys.remember(mine, 'operator');
  expect(keys.knows(mine, 'operator')).toBe(true);
  expect(keys.knows(mine, 'admin')).toBe(false);
  expect(keys.knows(replaced, 'operator')).toBe(false);
  keys.remember(forged, 'admin'); // never issued: remembers nothing
  expect(keys.knows(forged, 'admin')).toBe(false);
});

it('forgets the least recently used fresh keys past its bound, never for fresh ones a key that has logged someone in', () => {
  const keys = new ConsoleKeys();
  const desk = keys.keyFor(undefined);
  keys.remember(desk, 'operator');
  const first = keys.keyFor(undefined);
  const second = keys.keyFor(undefined);
  for (let i = 0; i < 999; i++) keys.keyFor(undefined);
  expect(keys.keyFor(second)).toBe(second); // still there (the first went)
  expect(keys.keyFor(first)).not.toBe(first);
  for (let i = 0; i < 5000; i++) keys.keyFor(undefined); // a token holder asking for fresh keys over and over
  expect(keys.keyFor(desk)).toBe(desk);
  expect(keys.knows(desk, 'operator')).toBe(true);
});
