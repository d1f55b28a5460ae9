/**
 * The contract client's request timeouts run on one timer armed for the oldest pending request: each unanswered
 * request must still time out on its own deadline, never early, in the order sent, and an answer must settle its
 * request whatever the timer is doing. Real client over an in-memory carrier whose far end answers some requests.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createInMemoryCarrierPair } from '../../../shared/contract/carriers/carrier';
import { ContractClient } from '../../../shared/contract/client';
import { ContractError } from '../../../shared/contract/errors';

const TIMEOUT_MS = 60;
/** Timers may fire a little before performance.now() says the delay passed; never by this much. */
const CLOCK_SLACK_MS = 5;

const PROCESS = fileURLToPath(new URL('../../support/contract-timeout-main.ts', import.meta.url));

/** Runs contract-timeout-main.ts to its end; resolves with what it printed. */
function runAlone(mode: 'silent' | 'answered', timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', PROCESS, mode, String(timeoutMs)], { timeout: 20_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim())));
  });
}

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

  it('a pending request keeps a Node process alive until it times out; an answered one does not hold it', async () => {
    // Nothing else holds these processes open: only the client's timer can keep the first one waiting.
    expect(await runAlone('silent', 300)).toBe('timeout');
    // Answered at once with an hour's timeout: the process ends by itself (killed at 20 s if the timer held it).
    expect(await runAlone('answered', 3_600_000)).toBe('answered');
  });

  it('a timeout that is not a positive finite number means never, and no timer spins for it', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      for (const timeoutMs of [Number.POSITIVE_INFINITY, Number.NaN, -5, 0]) {
        const [clientSide] = createInMemoryCarrierPair();
        const client = new ContractClient(clientSide, { timeoutMs });
        let settled = false;
        const sent = client.request('alarms.list', {}).finally(() => (settled = true));
        await delay(30);
        expect(settled, `timeoutMs ${timeoutMs}`).toBe(false);
        client.close();
        await expect(sent).rejects.toMatchObject({ code: 'closed' });
      }
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
