/**
 * Consoles name themselves (engine.hello consoleName): the name, not a transport id, is what another operator reads
 * in the take-over question and what the audit records. Names are validated: printable, 1–40 characters.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract/errors';
import { hostConsoleName } from '../../../main/engine/console-id';
import { auditEntries } from '../../support/audit-entries';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { loginAs } from '../../support/test-users';

const EQ = 'sts-crane-1';
let crane: Awaited<ReturnType<typeof startCrane>>;
let c: Console;

beforeAll(async () => {
  crane = await startCrane();
  c = await startConsole(await craneSite(crane.port), 271, false, 'ws:50123');
  await waitConnected(c);
}, 30_000);

afterAll(async () => {
  await c?.stop();
  await crane?.stop();
});

it('the take-over question and the audit name the holder\'s console as it named itself', async () => {
  const hello = await c.client.request('engine.hello', { client: 'renderer', consoleName: '  Crane desk 3  ' });
  expect(hello.consoleName).toBe('Crane desk 3'); // trimmed
  await loginAs(c.client, 'operator');
  const other = c.attachClient('ws:50124');
  expect((await other.request('engine.hello', { client: 'renderer' })).consoleName).toBe('ws:50124'); // unnamed: the carrier's
  await other.request('engine.hello', { client: 'renderer', consoleName: 'Browser console' });
  await loginAs(other, 'operator');

  expect((await c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
  const list = await other.request('control.list', {});
  expect(list.equipment.find((e) => e.equipmentId === EQ)?.holder).toMatchObject({ user: 'operator', console: 'Crane desk 3' });
  const refused = await other.request('control.take', { equipmentId: EQ });
  expect(refused.outcome).toMatchObject({ status: 'refused', code: 'owned-by-other', text: expect.stringContaining('operator on Crane desk 3') });
  expect((await other.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
  const audit = await auditEntries(c.dataDir);
  expect(audit.some((e) => e.kind === 'ownership' && e.who?.console === 'Crane desk 3' && e.outcome?.result === 'ok')).toBe(true);
  expect(audit.some((e) => e.kind === 'ownership' && e.target?.command === 'take-over' && e.who?.console === 'Browser console')).toBe(true);
  expect(audit.some((e) => e.who?.console?.startsWith('ws:'))).toBe(false);
  await other.request('control.release', { equipmentId: EQ });
});

it.each([
  ['a control character', 'desk\u0007'],
  ['a line break', 'desk\nheld by admin'],
  ['a bidi override', 'desk\u202e3'],
  ['only spaces', '   '],
  ['41 characters', 'x'.repeat(41)],
])('refuses a console name with %s, and keeps the old name', async (_what, consoleName) => {
  const error = await c.client.request('engine.hello', { client: 'renderer', consoleName }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractError);
  expect((error as ContractError).code).toBe('bad-request');
  expect((await c.client.request('engine.hello', { client: 'renderer' })).consoleName).toBe('Crane desk 3');
});

it('refuses a new console name once the session is logged in, so later records cannot carry another name', async () => {
  expect(c.client).toBeDefined();
  const renamed = await c.client.request('engine.hello', { client: 'renderer', consoleName: 'Supervisor desk' }).catch((e: unknown) => e);
  expect(renamed).toBeInstanceOf(ContractError);
  expect((renamed as ContractError).code).toBe('bad-request');
  expect((renamed as ContractError).message).toContain('before login');
  // The same name again (a repeated hello) is fine, and the name is unchanged.
  expect((await c.client.request('engine.hello', { client: 'renderer', consoleName: 'Crane desk 3' })).consoleName).toBe('Crane desk 3');
  expect((await c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
  await c.client.request('control.release', { equipmentId: EQ });
  const audit = await auditEntries(c.dataDir);
  expect(audit.some((e) => e.who?.console === 'Supervisor desk')).toBe(false);
});

it('the desktop default is the host name plus "console", printable and bounded', () => {
  expect(hostConsoleName('yard-ws-07')).toBe('yard-ws-07 console');
  expect(hostConsoleName('bad\u0000host\n')).toBe('badhost console');
  expect(hostConsoleName('')).toBe('Desktop console');
  expect(hostConsoleName('h'.repeat(100)).length).toBeLessThanOrEqual(40);
});

it('a second console naming itself as one already connected is numbered, in the reply and the audit; the same console coming back keeps its name', async () => {
  const copycat = c.attachClient('ws:50125');
  const hello = await copycat.request('engine.hello', { client: 'renderer', consoleName: 'crane DESK 3' });
  expect(hello.consoleName).toBe('crane DESK 3 (2)'); // names compare without case: "Crane desk 3" is connected
  await loginAs(copycat, 'operator');
  expect((await copycat.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
  await copycat.request('control.release', { equipmentId: EQ });
  const audit = await auditEntries(c.dataDir);
  expect(audit.some((e) => e.kind === 'ownership' && e.who?.console === 'crane DESK 3 (2)')).toBe(true);
  // The first console reconnecting (its console key) while its old session lingers: its own name, not a number.
  const back = c.attachClient('ws:50126');
  expect((await back.request('engine.hello', { client: 'renderer', consoleName: 'Crane desk 3', consoleKey: (await c.client.request('engine.hello', { client: 'renderer' })).consoleKey })).consoleName).toBe('Crane desk 3');
});
