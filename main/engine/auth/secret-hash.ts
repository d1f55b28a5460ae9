/**
 * PINs and passwords of site-file users, stored only as `scrypt$N$r$p$salt$hash` (node:crypto, no dependency).
 * Verification is constant-time; a malformed stored hash verifies as false, never throws.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { secretHashProblem } from '../../../shared/site/secret-hash-format';

const N = 16384;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

function derive(secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // What OpenSSL needs (128·r·(N + p + 2) bytes), with room to spare: the site file's bounds keep it small.
    scrypt(secret.normalize('NFKC'), salt, KEY_BYTES, { N: n, r, p, maxmem: 128 * r * (n + p + 2) + 2 ** 20 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Hashes a secret for the site file's `users[].secretHash`. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `secret` matches `stored`. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  // Bounds keep a hostile site file from making every login attempt cost gigabytes (checked at load too).
  if (secretHashProblem(stored) !== undefined) return false;
  const parts = stored.split('$');
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || expected.length !== KEY_BYTES) return false;
  const actual = await derive(secret, salt, n, r, p).catch(() => undefined); // a hash scrypt refuses: never a throw
  return actual !== undefined && timingSafeEqual(actual, expected);
}
