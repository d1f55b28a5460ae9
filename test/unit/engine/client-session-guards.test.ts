/**
 * The engine's own guards at the contract boundary: inbound frames over a fixed size are refused unread, and a
 * handler reply that fails its schema never reaches the client (it becomes a 'bad-reply' error).
 */
import { describe, expect, it } from 'vitest';
import { ClientSession } from '../../../main/engine/session/client-session';
import { createMemoryLogger } from '../../../main/engine/log';
import { createInMemoryCarrierPair } from '../../../shared/contract/carriers/carrier';
import { MAX_INBOUND_FRAME_BYTES } from '../../../shared/contract/envelope';
import type { HandlerTable } from '../../../shared/contract/handlers';
import { rawExchange } from '../../support/carriers';

/** The cap this test holds the engine to. A literal on purpose: raising the constant must fail this test. */
const CAP_BYTES = 262_144;

function session(handlers: Partial<HandlerTable<unknown>>) {
  const [engineSide, clientSide] = createInMemoryCarrierPair();
  const log = createMemoryLogger();
  new ClientSession({ id: 1, label: 'test', carrier: engineSide, handlers: handlers as never, services: {} as never, authorise: async () => undefined, log, maxHz: 10, onClose: () => undefined });
  return { client: clientSide, log };
}

/** A request frame of exactly `bytes` bytes (ASCII padding in the body). */
function frameOf(bytes: number): string {
  const head = JSON.stringify({ t: 'req', id: 1, name: 'engine.hello', body: { client: '' } });
  return head.replace('"client":""', `"client":"${'x'.repeat(bytes - head.length)}"`);
}

describe('client session guards', () => {
  it(`the inbound frame cap is at most ${CAP_BYTES} bytes, and a frame one byte over it is refused unread`, async () => {
    expect(MAX_INBOUND_FRAME_BYTES).toBeLessThanOrEqual(CAP_BYTES);
    let called = false;
    const { client } = session({ 'engine.hello': () => ((called = true), {}) as never });
    const frame = frameOf(CAP_BYTES + 1);
    expect(Buffer.byteLength(frame)).toBe(CAP_BYTES + 1);
    expect(await rawExchange(client, frame)).toMatchObject({ t: 'evt', name: 'contract.error', body: { code: 'too-large' } });
    expect(called).toBe(false);
  });

  it("a handler's reply that fails its schema becomes a 'bad-reply' error, and is logged", async () => {
    const { client, log } = session({ 'site.summary': () => ({ equipment: 'not a list', secret: 'leak' }) as never });
    const reply = await rawExchange(client, JSON.stringify({ t: 'req', id: 7, name: 'site.summary', body: {} }));
    expect(reply).toMatchObject({ t: 'res', id: 7, ok: false, error: { code: 'bad-reply' } });
    expect(JSON.stringify(reply)).not.toContain('leak');
    expect(log.entries.some((e) => e.code === 'contract.bad-reply')).toBe(true);
  });
});
