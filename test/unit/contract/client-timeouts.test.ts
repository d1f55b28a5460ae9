/**
 * The contract client's request timeouts run on one timer armed for the oldest pending request: each unanswered
 * request must still time out on its own deadline, never early, in the order sent, and an answer must settle its
 * request whatever the timer is doing. Real client over an in-memory carrier whose far end answers some requests.
 */
import { describe, expect, it } from 'vitest';
import { createInMemoryCarrierPair } from '../../../shared/contract/carriers/carrier';
import { ContractClient } from '../../../shared/contract/client';
import { ContractError } from '../../../shared/contract/errors';

const TIMEOUT_MS = 60;
/** Timers may fire a little before performance.now() says the delay passed; never by this much. */
const CLOCK_SLACK_MS = 5;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client whose engine answers session.activity at once and never answers anything else. */
function clientWithPartialEngine(): ContractClient {
  const [clientSide, engineSide] = createInMemoryCarrierPair();
  engineSide.onFrame((frame) => {
    const request = JSON.parse(String(frame)) as { id: number; name: string };
    if (request.name === 'session.activity') engineSide.send(JSON.stringify({ t: 'res', id: request.id, ok: true, body: {} }));
  });
  return new ContractClient(clientSide, { timeoutMs: TIMEOUT_MS });
}

/** Sends an unanswered request; resolves with when (after sending) it failed, and how. */
function unanswered(client: ContractClient, label: string, order: string[]): Promise<{ afterMs: number; error: unknown }> {
  const sentAt = performance.now();
  return client.request('alarms.list', {}).then(
    () => ({ afterMs: -1, error: new Error('answered') }),
    (error: unknown) => {
      order.push(label);
      return { afterMs: performance.now() - sentAt, error };
    },
  );
}

describe('contract client timeouts', () => {
  it('times each unanswered request out on its own deadline, in the order sent, while answers still settle theirs', async () => {
    const client = clientWithPartialEngine();
    const order: string[] = [];
    const first = unanswered(client, 'first', order);
    await delay(TIMEOUT_MS / 3);
    await expect(client.request('session.activity', {})).resolves.toEqual({});
    const second = unanswered(client, 'second', order);
    await delay(TIMEOUT_MS / 3);
    const third = unanswered(client, 'third', order);
    const results = await Promise.all([first, second, third]);
    expect(order).toEqual(['first', 'second', 'third']);
    for (const { afterMs, error } of results) {
      expect(error).toBeInstanceOf(ContractError);
      expect(error).toMatchObject({ code: 'timeout', message: `no reply to alarms.list within ${TIMEOUT_MS} ms` });
      expect(afterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - CLOCK_SLACK_MS);
    }
    // After an idle spell (the timer found nothing left and stopped), a new request still times out.
    const later = await unanswered(client, 'later', order);
    expect(later.error).toMatchObject({ code: 'timeout' });
    expect(later.afterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - CLOCK_SLACK_MS);
    client.close();
  });

  it('an answer that comes before the deadline wins, and the timer later finds nothing to fail', async () => {
    const client = clientWithPartialEngine();
    const answered = await Promise.all(Array.from({ length: 50 }, () => client.request('session.activity', {})));
    expect(answered).toHaveLength(50);
    const order: string[] = [];
    const last = await unanswered(client, 'last', order);
    expect(order).toEqual(['last']);
    expect(last.error).toMatchObject({ code: 'timeout' });
    client.close();
  });
});
