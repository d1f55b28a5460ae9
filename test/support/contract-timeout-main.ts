/**
 * A Node process whose only business is one contract request over the in-memory carrier (client-timeouts.test.ts):
 * `silent` — the far end never answers; prints the request's outcome. `answered` — it answers at once; prints it,
 * then has nothing left to do and must exit, however long the client's timeout. The client's timer must keep the
 * process alive while the request is pending, and not after.
 * Usage: node --import tsx contract-timeout-main.ts silent|answered TIMEOUT_MS
 */
import { createInMemoryCarrierPair } from '../../shared/contract/carriers/carrier';
import { ContractClient } from '../../shared/contract/client';

const [mode, timeoutMs = '1000'] = process.argv.slice(2);
const [clientSide, engineSide] = createInMemoryCarrierPair();
if (mode === 'answered') {
  engineSide.onFrame((frame) => {
    const { id } = JSON.parse(String(frame)) as { id: number };
    engineSide.send(JSON.stringify({ t: 'res', id, ok: true, body: {} }));
  });
}
const client = new ContractClient(clientSide, { timeoutMs: Number(timeoutMs) });
client.request('session.activity', {}).then(
  () => process.stdout.write('answered\n'),
  (error: unknown) => process.stdout.write(`${(error as { code?: string }).code ?? 'failed'}\n`),
);
