/**
 * A hand-written check of the common, well-formed envelopes, tried before the zod schemas (envelope.ts): every
 * request and reply crosses the codec twice, and the schemas' generic object walk was a large share of a small
 * request's cost. It accepts only what the schemas accept, unchanged (a test holds it to that over generated
 * envelopes), and answers false for anything else, which the schemas then judge and explain: failed replies (their
 * error shape), a missing body, wrong types, extra keys, names over 64 UTF-16 units.
 */

/** The largest envelope name (the schemas' Name). */
const NAME_MAX = 64;

const REQUEST_KEYS = ['t', 'id', 'name', 'body'];
const REPLY_KEYS = ['t', 'id', 'ok', 'body'];
const EVENT_KEYS = ['t', 'name', 'body'];
const ACK_KEYS = ['t', 'seq'];

/** True when `json` is one of the common well-formed envelopes, as it is; false: let the schemas decide. */
export function isWellFormedEnvelope(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const o = json as Record<string, unknown>;
  switch (o.t) {
    case 'req':
      return hasExactly(o, REQUEST_KEYS) && isId(o.id) && isName(o.name);
    case 'res':
      return hasExactly(o, REPLY_KEYS) && o.ok === true && isId(o.id);
    case 'evt':
      return hasExactly(o, EVENT_KEYS) && isName(o.name);
    case 'ack':
      return hasExactly(o, ACK_KEYS) && isId(o.seq);
    default:
      return false;
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
 * Whether the object's own enumerable keys are exactly `keys` (`t` among them: never a getter on a prototype), as
 * the strict schemas require. JSON.parse makes only such keys; the check holds for any object all the same.
 */
function hasExactly(o: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(o);
  if (own.length !== keys.length) return false;
  for (const key of own) if (!keys.includes(key)) return false;
  return true;
}
