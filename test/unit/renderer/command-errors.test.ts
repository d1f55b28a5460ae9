/**
 * A command whose request went out and was never answered (the engine link closed under it, or no reply in time) may
 * have acted: the panel says "no answer", never "refused". One refused before it was sent stays a refusal. Real
 * contract client over an in-memory carrier whose far end never answers.
 */
import { describe, expect, it } from 'vitest';
import { createInMemoryCarrierPair } from '../../../shared/contract/carriers/carrier';
import { ContractClient } from '../../../shared/contract/client';
import { errorOutcome } from '../../../renderer/equipment/control/use-command';

const body = { equipmentId: 'sts-crane-1', command: 'setWindLimit', value: 18 };

describe('a command request that failed, as the panel shows it', () => {
  it('sent, then the engine link closed: no answer (it may have acted)', async () => {
    const [windowSide, engineSide] = createInMemoryCarrierPair();
    const client = new ContractClient(windowSide);
    const sent = client.request('command.execute', body).catch((error: unknown) => error);
    engineSide.close('engine went away');
    expect(errorOutcome(await sent)).toMatchObject({ status: 'timeout', text: expect.stringContaining('engine went away') });
  });

  it('sent, and no reply in time: no answer', async () => {
    const [windowSide] = createInMemoryCarrierPair();
    const client = new ContractClient(windowSide, { timeoutMs: 10 });
    expect(errorOutcome(await client.request('command.execute', body).catch((error: unknown) => error))).toMatchObject({ status: 'timeout' });
  });

  it('not sent (the link was already closed): a refusal, nothing went out', async () => {
    const [windowSide] = createInMemoryCarrierPair();
    const client = new ContractClient(windowSide);
    const closed = new Promise((resolve) => windowSide.onClose(resolve));
    windowSide.close('closed');
    await closed;
    expect(errorOutcome(await client.request('command.execute', body).catch((error: unknown) => error))).toMatchObject({ status: 'refused', code: 'closed' });
  });
});
