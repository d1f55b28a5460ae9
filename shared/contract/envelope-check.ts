/**
 * A hand-written check of the common, well-formed envelopes, tried before the zod schemas (envelope.ts): every
 * request and reply crosses the codec twice, and the schemas' generic object walk was a large share of a small
 * request's cost. It accepts only what the schemas accept (a test holds it to that over generated envelopes) and
 * answers undefined for anything else, which the schemas then judge and explain: failed replies (their error shape),
 * a missing body, wrong types, extra keys, names over 64 UTF-16 units.
 */
import type { Envelope } from './envelope';

/** The largest envelope name (the schemas' Name). */
const NAME_MAX = 64;

/** The envelope when it is one of the common well-formed shapes; undefined: let the schemas decide. */
export function checkEnvelope(json: unknown): Envelope | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  switch (o.t) {
    case 'req':
      return isId(o.id) && isName(o.name) && Object.hasOwn(o, 'body') && ownKeyCount(o) === 4 ? (o as Envelope) : undefined;
    case 'res':
      return o.ok === true && isId(o.id) && Object.hasOwn(o, 'body') && ownKeyCount(o) === 4 ? (o as Envelope) : undefined;
    case 'evt':
      return isName(o.name) && Object.hasOwn(o, 'body') && ownKeyCount(o) === 3 ? (o as Envelope) : undefined;
    case 'ack':
      return isId(o.seq) && ownKeyCount(o) === 2 ? (o as Envelope) : undefined;
    default:
      return undefined;
  }
}

/** A whole number 0..2^53-1, as the schemas' Id (and zod's int(), which admits safe integers only). */
function isId(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Counted in UTF-16 units, which never undercounts the schemas' code points: a longer name goes to them. */
function isName(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= NAME_MAX;
}

/**
 * Own enumerable keys, or -1 when an inherited one shows (never from JSON.parse). With the expected keys checked
 * present, the right count means no extra key: the schemas are strict.
 */
function ownKeyCount(o: Record<string, unknown>): number {
  let count = 0;
  for (const key in o) {
    if (!Object.hasOwn(o, key)) return -1;
    count++;
  }
  return count;
}
