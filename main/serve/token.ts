/** The serve-mode access token: random per launch, compared in constant time. */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh URL-safe token (256 bits). */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** True when `candidate` equals `token`, without leaking where they differ through timing. */
export function tokenMatches(token: string, candidate: string | null | undefined): boolean {
  if (typeof candidate !== 'string') return false;
  const a = Buffer.from(token);
  const b = Buffer.from(candidate);
  return a.length === b.length && timingSafeEqual(a, b);
}
