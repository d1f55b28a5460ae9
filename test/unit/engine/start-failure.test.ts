/**
 * An engine that could not start answers its window with the reason (Electron's engine host does this instead of
 * exiting into a restart loop the window never explains): a real start on a site file with an error, then a real
 * contract client asking hello over an in-memory carrier.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createInMemoryCarrierPair } from '../../../shared/contract/carriers/carrier';
import { ContractClient } from '../../../shared/contract/client';
import { ContractError } from '../../../shared/contract/errors';
import { answerWithStartFailure, startFailureText } from '../../../main/engine/start-failure';
import { startEngine } from '../../../main/engine/start-engine';
import { createMemoryLogger } from '../../../main/engine/log';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('an engine that could not start', () => {
  it('answers every request with engine-failed and the site file error, located', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rec-start-failure-'));
    dirs.push(dataDir);
    const started = await startEngine({ siteFile: 'test/fixtures/sites/bad-types.yaml', dataDir, log: createMemoryLogger() });
    expect(started.ok).toBe(false);
    if (started.ok) return;
    const [windowSide, engineSide] = createInMemoryCarrierPair();
    answerWithStartFailure(engineSide, startFailureText(started.errors));
    const client = new ContractClient(windowSide);
    const hello = await client.request('engine.hello', { client: 'renderer' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(hello).toBeInstanceOf(ContractError);
    expect(hello).toMatchObject({ code: 'engine-failed', message: expect.stringContaining('bad-types.yaml:7:11 connections[0].port') });
    // Every request, not only the first: the window retries and must read the same reason.
    await expect(client.request('site.summary', {})).rejects.toMatchObject({ code: 'engine-failed' });
    windowSide.close();
  });

  it('shows the first three reasons and counts the rest', () => {
    expect(startFailureText(['a:1:1 x: bad', 'b', 'c', 'd', 'e'])).toBe("the engine could not start: a:1:1 x: bad; b; c; … and 2 more (see the engine's log)");
    expect(startFailureText(['only'])).toBe('the engine could not start: only');
    expect(startFailureText([])).toBe('the engine could not start: no reason given');
  });
});
