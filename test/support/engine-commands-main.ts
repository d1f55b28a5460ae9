/**
 * A whole engine in its own process, commanding the crane simulator until it is killed: logs in (maintenance), waits
 * for fresh values, takes control of the crane and then runs `setWindLimit` setpoints one after another, printing
 * `ack VALUE` for each reply it got with outcome ok (`ready` once commanding starts, `refused JSON` otherwise; the
 * gate's rate limit only paces it).
 * Values cycle through 5.0 … 29.9 m/s, so consecutive commands differ and each reply maps to one audit entry.
 * Usage: node --import tsx test/support/engine-commands-main.ts --port N --data-dir DIR --console-id N
 */
import { parseArgs } from 'node:util';
import { createInMemoryCarrierPair } from '../../shared/contract/carriers/carrier';
import { ContractClient } from '../../shared/contract/client';
import { Quality } from '../../shared/contract/telemetry';
import { Engine } from '../../main/engine/engine';
import { createMemoryLogger } from '../../main/engine/log';
import { craneSite } from './crane-console';
import { modbusFactories } from './modbus-engine';
import { loginAs } from './test-users';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'console-id': { type: 'string' } } });
const dataDir = values['data-dir'];
if (!values.port || !dataDir || !values['console-id']) throw new Error('--port, --data-dir and --console-id are required');
const EQ = 'sts-crane-1';

const engine = new Engine({ site: await craneSite(Number(values.port)), siteFile: 'crane.yaml', dataDir, factories: modbusFactories, log: createMemoryLogger(), consoleId: Number(values['console-id']) });
const [clientSide, engineSide] = createInMemoryCarrierPair();
engine.attach(engineSide, 'crash-console');
const client = new ContractClient(clientSide, { timeoutMs: 30_000 });
engine.start();
await loginAs(client, 'maintenance');

const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
await until(() => engine.signals.every((s) => engine.store.get(s.id)?.quality === Quality.good), 'fresh values');
// After a kill the crane's watchdog has tripped: take control (the owner register may still name us), reset the fault.
await until(async () => (await client.request('control.take', { equipmentId: EQ })).outcome.status === 'ok', 'control');
const armed = await client.request('command.arm', { equipmentId: EQ, command: 'faultReset' });
if (armed.armId) await client.request('command.execute', { equipmentId: EQ, command: 'faultReset', armId: armed.armId });
process.stdout.write('ready\n');

for (let n = 0; ; n++) {
  const value = 5 + (n % 250) / 10;
  const { outcome } = await client.request('command.execute', { equipmentId: EQ, command: 'setWindLimit', value });
  // The gate allows 10 commands a second after a burst: a refusal by rate is the pace, not a failure.
  if (outcome.status === 'refused' && outcome.code === 'rate-limited') await new Promise((r) => setTimeout(r, 100));
  else process.stdout.write(outcome.status === 'ok' ? `ack ${value}\n` : `refused ${JSON.stringify(outcome)}\n`);
}
