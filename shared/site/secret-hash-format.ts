/**
 * The form and the cost bounds of a site user's `secretHash` (`scrypt$N$r$p$saltB64$hashB64`), checked when the site
 * file loads and again before every verification. A hash outside them could never verify (the user could never log
 * in, and would only hear "wrong PIN"), or would make every login attempt for that user, by anyone, cost gigabytes.
 */

/** Memory one verification may take (scrypt needs 128·r·(N + p + 2) bytes): 4× what `hash-pin` writes. */
const MAX_MEMORY_BYTES = 64 * 1024 * 1024;
/** Work one verification may take (N·r·p): 4× what `hash-pin` writes (16384·8·1). */
const MAX_WORK = 4 * 16384 * 8;
/** Bytes of the derived key. */
export const SECRET_KEY_BYTES = 32;

/** The bytes a base64 text holds. */
function base64Bytes(text: string): number {
  return Math.floor((text.replace(/=+$/, '').length * 3) / 4);
}

/** What is wrong with a stored hash, or undefined when it is usable. */
export function secretHashProblem(stored: string): string | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt' || !parts.slice(4).every((b) => /^[A-Za-z0-9+/]+=*$/.test(b))) return 'must be a scrypt$N$r$p$salt$hash string';
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![n, r, p].every(Number.isSafeInteger) || r < 1 || p < 1) return 'N, r and p must be whole numbers of at least 1';
  if (n < 2 || (n & (n - 1)) !== 0) return `N must be a power of 2, not ${n}`;
  const memory = 128 * r * (n + p + 2);
  if (memory > MAX_MEMORY_BYTES) return `asks for ${Math.round(memory / 2 ** 20)} MiB per login (at most ${MAX_MEMORY_BYTES / 2 ** 20}: lower N or r)`;
  if (n * r * p > MAX_WORK) return `costs N·r·p = ${n * r * p} per login (at most ${MAX_WORK}: lower N, r or p)`;
  if (base64Bytes(parts[4] as string) < 8) return 'the salt must be at least 8 bytes';
  if (base64Bytes(parts[5] as string) !== SECRET_KEY_BYTES) return `the hash must be ${SECRET_KEY_BYTES} bytes`;
  return undefined;
}
