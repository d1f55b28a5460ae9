/**
 * The hand-written envelope check (envelope-check.ts) against the zod schemas it stands in front of: over generated
 * envelopes, well-formed and not, it must accept only what the schemas accept (and then the same data), and it must
 * accept the common well-formed ones, or it saves nothing.
 */
import { describe, expect, it } from 'vitest';
import { isWellFormedEnvelope } from '../../../shared/contract/envelope-check';
import { decodeFrame, Envelope } from '../../../shared/contract/envelope';

/** A small deterministic generator (mulberry32), so a failure names a case that reruns the same. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IDS: unknown[] = [0, 1, 7, 2 ** 31, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 2 ** 60, -1, 1.5, -0.5, '3', null, true, [], {}];
const NAMES: unknown[] = ['engine.hello', 'x', 'n'.repeat(64), 'n'.repeat(65), '', '名前', '😀'.repeat(32), '😀'.repeat(33), 5, null, ['a'], {}];
const BODIES: unknown[] = [{}, { a: 1 }, [], null, 0, 'text', { nested: { deep: [1, 2, { x: null }] } }, true];
const KINDS: unknown[] = ['req', 'res', 'evt', 'ack', 'exec', '', 1, null];
const OKS: unknown[] = [true, false, 'true', 1, null];
const ERRORS: unknown[] = [{ code: 'timeout', message: 'late' }, { code: 'nope', message: 'x' }, { code: 'busy' }, 'busy'];
const EXTRA_KEYS = ['extra', 'body', 'id', 'name', 'ok', 'seq', 'error', 't', '__proto__'];

function pick<T>(next: () => number, from: readonly T[]): T {
  return from[Math.floor(next() * from.length)] as T;
}

/** One candidate: mostly a kind's own keys with varied values; sometimes a key dropped or one added. */
function candidate(next: () => number): string {
  const t = pick(next, KINDS);
  const o: Record<string, unknown> = { t };
  const keys = t === 'ack' ? ['seq'] : t === 'evt' ? ['name', 'body'] : t === 'res' ? ['id', 'ok', next() < 0.5 ? 'body' : 'error'] : ['id', 'name', 'body'];
  for (const key of keys) {
    if (next() < 0.08) continue; // a key left out
    o[key] = key === 'id' || key === 'seq' ? pick(next, IDS) : key === 'name' ? pick(next, NAMES) : key === 'ok' ? pick(next, OKS) : key === 'error' ? pick(next, ERRORS) : pick(next, BODIES);
  }
  let text = JSON.stringify(o);
  if (next() < 0.1) {
    // An extra key, spliced into the text so that "__proto__" arrives as JSON.parse makes it: an own key.
    const key = pick(next, EXTRA_KEYS);
    text = `{${JSON.stringify(key)}:${JSON.stringify(pick(next, BODIES))},${text.slice(1)}`;
  }
  return text;
}

describe('the hand-written envelope check', () => {
  it('accepts only what the schemas accept, with the same data, and takes the common well-formed envelopes itself', () => {
    const next = random(19);
    let acceptedBySchemas = 0;
    let takenByCheck = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = candidate(next);
      const json: unknown = JSON.parse(text);
      const checked = isWellFormedEnvelope(json);
      const reference = Envelope.safeParse(JSON.parse(text));
      if (checked) {
        expect(reference.success, text).toBe(true);
        expect(json, text).toEqual(reference.data);
        takenByCheck++;
      }
      if (reference.success) {
        acceptedBySchemas++;
        // Left to the schemas on purpose: failed replies (their error shape is the schemas' to judge), and names over
        // 64 UTF-16 units (the schemas count code points: 33 emoji pass them).
        const data = reference.data as { ok?: unknown; name?: unknown };
        const leftToSchemas = data.ok === false || (typeof data.name === 'string' && data.name.length > 64);
        if (!leftToSchemas) expect(checked, text).toBe(true);
      }
    }
    // The generator must reach both sides, or the comparison proves little.
    expect(acceptedBySchemas).toBeGreaterThan(2_000);
    expect(20_000 - acceptedBySchemas).toBeGreaterThan(2_000);
    expect(takenByCheck).toBeGreaterThan(1_500);
  });

  it('judges objects JSON.parse never makes as the schemas do: an inherited or hidden kind, a hidden extra key', () => {
    class Inherited {
      seq = 1;
      get t() {
        return 'ack';
      }
    }
    const hiddenKind = Object.defineProperty({ seq: 1, extra: 2 }, 't', { value: 'ack', enumerable: false });
    const hiddenExtra = Object.defineProperty({ t: 'ack', seq: 1 }, 'extra', { value: 2, enumerable: false });
    for (const candidate of [new Inherited(), hiddenKind, hiddenExtra]) {
      if (isWellFormedEnvelope(candidate)) expect(Envelope.safeParse(candidate).data).toEqual({ ...candidate });
    }
    expect(isWellFormedEnvelope(new Inherited())).toBe(false);
    expect(isWellFormedEnvelope(hiddenKind)).toBe(false);
  });

  it('leaves what it does not take to the schemas, which still word the error', () => {
    expect(decodeFrame(JSON.stringify({ t: 'req', id: 1.5, name: 'engine.hello', body: {} }))).toMatchObject({ kind: 'error', error: { code: 'bad-envelope', message: expect.stringContaining('id') }, id: 1.5 });
    expect(decodeFrame(JSON.stringify({ t: 'ack', seq: 3, extra: 1 }))).toMatchObject({ kind: 'error', error: { code: 'bad-envelope' } });
    expect(decodeFrame('{"__proto__":{},"t":"evt","name":"x","body":1}')).toMatchObject({ kind: 'error', error: { code: 'bad-envelope' } });
    expect(decodeFrame(JSON.stringify({ t: 'res', id: 4, ok: false, error: { code: 'busy', message: 'later' } }))).toEqual({ kind: 'envelope', envelope: { t: 'res', id: 4, ok: false, error: { code: 'busy', message: 'later' } } });
  });
});
