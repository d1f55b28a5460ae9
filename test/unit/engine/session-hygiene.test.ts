/** A client session under abuse: the in-flight cap answers busy, refusals are rate-limited, the log is unforgeable. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, escapeControl, formatLogLine } from '../../../main/engine/log';
import { ClientSession, MAX_REFUSED_PER_SECOND, MAX_REQUESTS_IN_FLIGHT, MAX_STOPS_IN_FLIGHT } from '../../../main/engine/session/client-session';
import { RefusalLog } from '../../../main/engine/session/refusal-log';
import { createInMemoryCarrierPair } from '../../../shared/contract/carriers/carrier';
import { ContractClient } from '../../../shared/contract/client';
import type { HandlerTable } from '../../../shared/contract/handlers';
import { MAX_INBOUND_FRAME_BYTES } from '../../../shared/contract/envelope';

/** A session whose connections.list and stop handlers wait for `release()`; log lines land in `lines`. */
function rig() {
  const lines: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const handlers = {
    'connections.list': async () => (await gate, { connections: [] }),
    stop: async () => (await gate, { outcome: { status: 'ok', latencyMs: 1 }, attempts: 1 }),
  } as unknown as HandlerTable<never> as never;
  const [engineSide, clientSide] = createInMemoryCarrierPair();
  const session = new ClientSession({ id: 1, label: 'c1', carrier: engineSide, handlers, services: undefined as never, authorise: async () => undefined, log: createLogger('info', (line) => lines.push(line)), maxHz: 10, onClose: () => undefined });
  const client = new ContractClient(clientSide, { timeoutMs: 0 });
  return { lines, release, session, client, clientSide };
}

afterEach(() => vi.useRealTimers());

describe('client session limits', () => {
  it(`answers busy at once beyond ${MAX_REQUESTS_IN_FLIGHT} requests in flight, and accepts again once replies went out`, async () => {
    const r = rig();
    const outcomes = Promise.allSettled(Array.from({ length: MAX_REQUESTS_IN_FLIGHT + 8 }, () => r.client.request('connections.list', {})));
    await vi.waitUntil(() => r.session.refused === 8);
    expect(r.session.requestsInFlight).toBe(MAX_REQUESTS_IN_FLIGHT);
    r.release();
    const settled = await outcomes;
    expect(settled.filter((o) => o.status === 'fulfilled')).toHaveLength(MAX_REQUESTS_IN_FLIGHT);
    const busy = settled.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(busy).toHaveLength(8);
    for (const error of busy) expect(error).toMatchObject({ code: 'busy', details: { limit: MAX_REQUESTS_IN_FLIGHT } });
    expect(r.session.requestsInFlight).toBe(0);
    await expect(r.client.request('connections.list', {})).resolves.toEqual({ connections: [] });
  });

  it('never answers a stop busy because other requests fill the cap: stops have a budget of their own, itself bounded', async () => {
    const r = rig();
    const others = Promise.allSettled(Array.from({ length: MAX_REQUESTS_IN_FLIGHT }, () => r.client.request('connections.list', {})));
    await vi.waitUntil(() => r.session.requestsInFlight === MAX_REQUESTS_IN_FLIGHT);
    // A stop pressed on the overview of a 50-equipment site: one stop each, all at once, beside a full cap.
    const stops = Promise.allSettled(Array.from({ length: 50 }, (_, i) => r.client.request('stop', { equipmentId: `eq${i}` })));
    await vi.waitUntil(() => r.session.requestsInFlight === MAX_REQUESTS_IN_FLIGHT + 50);
    expect(r.session.refused).toBe(0);
    // A flood of stops meets its own bound.
    const flood = Promise.allSettled(Array.from({ length: MAX_STOPS_IN_FLIGHT - 50 + 3 }, () => r.client.request('stop', { equipmentId: 'eq0' })));
    await vi.waitUntil(() => r.session.refused === 3);
    expect(r.session.requestsInFlight).toBe(MAX_REQUESTS_IN_FLIGHT + MAX_STOPS_IN_FLIGHT);
    r.release();
    expect((await stops).every((o) => o.status === 'fulfilled')).toBe(true);
    expect((await others).every((o) => o.status === 'fulfilled')).toBe(true);
    const refused = (await flood).flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(refused).toHaveLength(3);
    for (const error of refused) expect(error).toMatchObject({ code: 'busy', details: { limit: MAX_STOPS_IN_FLIGHT } });
  });

  it('escapes a newline and ESC in a request name: one log line, nothing forged, the client still told', async () => {
    const r = rig();
    const forged = '2026-01-01T00:00:00.000Z error forged';
    const reply = new Promise<string>((resolve) => r.clientSide.onFrame((frame) => resolve(String(frame))));
    r.clientSide.send(JSON.stringify({ t: 'req', id: 7, name: `x\n${forged}\u001b[2J`, body: {} }));
    expect(JSON.parse(await reply)).toMatchObject({ id: 7, ok: false, error: { code: 'unknown-request' } });
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^\S+ warn +contract\.unknown-request c1: unknown request "x\\n2026-01-01T00:00:00\.000Z error forged\\u001b\[2J"$/);
  });

  it('logs the first five refusals of a flood one by one and the rest as one summary line', async () => {
    const r = rig();
    for (let id = 0; id < 900; id++) r.clientSide.send(JSON.stringify({ t: 'req', id, name: 'no.such.request', body: {} }));
    for (let id = 0; id < 10; id++) r.clientSide.send('not json');
    await vi.waitUntil(() => r.session.refused === 910);
    expect(r.lines).toHaveLength(5);
    r.clientSide.close();
    await vi.waitUntil(() => r.lines.length > 5);
    expect(r.lines).toHaveLength(6);
    expect(r.lines[5]).toContain('contract.refusals-suppressed c1: 905 more refused messages not logged one by one (unknown-request ×895, bad-frame ×10)');
  });

  it(`closes a client that has over ${MAX_REFUSED_PER_SECOND} messages refused in a second (it does not wait for its replies)`, async () => {
    const r = rig();
    const closed = new Promise<string>((resolve) => r.clientSide.onClose(resolve));
    for (let id = 0; id < MAX_REFUSED_PER_SECOND + 100; id++) r.clientSide.send(JSON.stringify({ t: 'req', id, name: 'no.such.request', body: {} }));
    expect(await closed).toBe('flooding: too many messages refused');
    expect(r.lines.filter((l) => l.includes('session.flooding'))).toHaveLength(1);
  });

  it('counts acks of no frame as refused: an ack flood is closed like any other (it was never counted)', async () => {
    const r = rig();
    const closed = new Promise<string>((resolve) => r.clientSide.onClose(resolve));
    for (let seq = 0; seq < MAX_REFUSED_PER_SECOND + 100; seq++) r.clientSide.send(JSON.stringify({ t: 'ack', seq: 1_000_000 + seq }));
    expect(await closed).toBe('flooding: too many messages refused');
  });

  it('weighs an over-long frame by its size: a few of 256 KiB+ a second close the client', async () => {
    const r = rig();
    const closed = new Promise<string>((resolve) => r.clientSide.onClose(resolve));
    const big = JSON.stringify({ t: 'req', id: 1, name: 'session.activity', body: { pad: 'x'.repeat(MAX_INBOUND_FRAME_BYTES) } });
    for (let i = 0; i < 5; i++) r.clientSide.send(big);
    expect(await closed).toBe('flooding: too many messages refused');
  });

  it('writes the summary at the end of each interval and logs one by one again in the next', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const log = new RefusalLog(createLogger('info', (line) => lines.push(line)), 'c2', { perInterval: 2, intervalMs: 1000 });
    for (let i = 0; i < 50; i++) log.note('busy', 'too many');
    expect(lines).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('48 more refused messages not logged one by one (busy ×48)');
    log.note('bad-frame', 'again');
    expect(lines[3]).toContain('contract.bad-frame c2: again');
  });
});

describe('log escaping', () => {
  it('escapes C0, DEL, C1 and the Unicode line separators in code, message and details', () => {
    expect(escapeControl('a\r\nb\tc\u0000d\u007fe\u0085f\u2028g\u2029h')).toBe('a\\r\\nb\\tc\\u0000d\\u007fe\\u0085f\\u2028g\\u2029h');
    const line = formatLogLine('error', 'code\n', 'm\u001b[31m', { name: 'x\ny\u0085\u2028' }, new Date(0));
    expect(line).toBe('1970-01-01T00:00:00.000Z error code\\n m\\u001b[31m {"name":"x\\ny\\u0085\\u2028"}');
    expect(JSON.parse(line.slice(line.indexOf('{')))).toEqual({ name: 'x\ny\u0085\u2028' }); // details stay valid JSON
  });

  it('escapes the bidirectional controls, which would show a line in another order than it is stored', () => {
    expect(escapeControl('a\u202eb\u2066c\u200fd')).toBe('a\\u202eb\\u2066c\\u200fd');
  });

  it('clips a very long message', () => {
    const line = formatLogLine('warn', 'c', 'x'.repeat(5000));
    expect(line.length).toBeLessThan(1200);
    expect(line).toContain('(4000 more characters)');
  });
});
