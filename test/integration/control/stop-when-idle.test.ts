/**
 * A stop from a login that has gone idle but is not locked yet goes out (pressing stop is someone at the console) and
 * counts as activity; any other request of that idle login still locks it first. Once the engine has locked the
 * session, its stop still goes out, recorded as the locked login's with `sessionLocked`, and nothing else does; after a
 * logout it needs a login again. The real engine on a Modbus TCP device; only Date is faked, to step past the lock
 * period before the engine's lock timer (every second) looks.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { ContractError } from '../../../shared/contract/errors';
import { SiteFile } from '../../../shared/site/schema';
import { auditEntries } from '../../support/audit-entries';
import { FaultServer } from '../../support/fault-server';
import { until } from '../../support/modbus-driver-harness';
import { startModbusEngine } from '../../support/modbus-engine';
import { loginAs, TEST_USERS } from '../../support/test-users';

const LOCK_MS = 60_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One hoist whose stop command is coil 0 on `port`, sessions locking after LOCK_MS. */
function idleStopSite(port: number) {
  return SiteFile.parse({
    site: { name: 'Idle stop', sessionLockMinutes: LOCK_MS / 60_000 },
    connections: [{ id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1', port, unitId: 1, backoff: { initialMs: 50, maxMs: 200 } }],
    equipment: [{ id: 'hoist', name: 'Hoist', type: 'generic', connection: 'plc', tags: { stopCmd: { address: 'coil:0', type: 'bool', writable: true } }, commands: { stop: { kind: 'pulse', tag: 'stopCmd', value: true } } }],
    users: TEST_USERS,
  });
}

it('an idle login stops without being locked first; its next request of another kind, once idle again, locks it', async () => {
  const device = new FaultServer({ framing: 'mbap', units: [1] });
  await device.listen(0);
  cleanups.push(() => device.close());
  const site = idleStopSite(device.port);
  // Date faked (moving with real time) before the engine starts, so its session clock is the one stepped below.
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  const { client, stop } = await startModbusEngine(site, 'viewer');
  cleanups.push(stop);
  await until(() => device.seen.some((r) => r.fc === 1), 10_000, 'the first scan');
  // Idle past the lock period, and the request sent in the same turn: the engine's lock timer cannot look first.
  vi.setSystemTime(Date.now() + LOCK_MS + 1000);
  const stopped = await client.request('stop', { equipmentId: 'hoist' });
  expect(stopped.outcome.status).toBe('ok');
  expect(device.coils.get(1)?.[0]).toBe(1);
  expect((await client.request('session.whoami', {})).principal?.role).toBe('viewer');

  vi.setSystemTime(Date.now() + LOCK_MS + 1000);
  const retry = await client.request('connections.retry', { connectionId: 'plc' }).catch((e: unknown) => e);
  expect(retry).toBeInstanceOf(ContractError);
  expect((retry as ContractError).message).toContain('locked after inactivity');
  expect((await client.request('session.whoami', {})).principal).toBeNull();
}, 30_000);

it('a session the engine locked for inactivity still stops, recorded as its login\'s; nothing else goes, and after a logout the stop needs a login', async () => {
  const device = new FaultServer({ framing: 'mbap', units: [1] });
  await device.listen(0);
  cleanups.push(() => device.close());
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  const { client, stop, dataDir } = await startModbusEngine(idleStopSite(device.port), 'viewer');
  cleanups.push(stop);
  await until(() => device.seen.some((r) => r.fc === 1), 10_000, 'the first scan');
  const locked = new Promise<void>((resolve) => client.on('session.changed', ({ reason }) => reason === 'locked' && resolve()));
  vi.setSystemTime(Date.now() + LOCK_MS + 1000);
  await locked; // the engine's own lock timer, not a request, locked it
  expect((await client.request('session.whoami', {})).principal).toBeNull();

  const stopped = await client.request('stop', { equipmentId: 'hoist' });
  expect(stopped.outcome.status).toBe('ok');
  expect(device.coils.get(1)?.[0]).toBe(1);
  const stops = (await auditEntries(dataDir)).filter((e) => e.kind === 'stop');
  expect(stops.map((e) => e.outcome?.result)).toEqual(['attempt', 'ok']);
  for (const e of stops) expect({ user: e.who?.user, role: e.who?.role, detail: e.detail }).toEqual({ user: 'viewer', role: 'viewer', detail: { sessionLocked: true } });
  // Still locked: the stop logs nobody in, and anything else needs the PIN.
  expect((await client.request('session.whoami', {})).principal).toBeNull();
  const retry = await client.request('connections.retry', { connectionId: 'plc' }).catch((e: unknown) => e);
  expect((retry as ContractError).code).toBe('forbidden');

  // A stop to equipment the site does not have is refused, and recorded as the locked login's too.
  const unknown = await client.request('stop', { equipmentId: 'no-such-hoist' });
  expect(unknown.outcome.status).toBe('refused');
  const refusedStop = (await auditEntries(dataDir)).find((e) => e.kind === 'stop' && e.outcome?.result === 'refused');
  expect({ user: refusedStop?.who?.user, detail: refusedStop?.detail }).toEqual({ user: 'viewer', detail: { sessionLocked: true } });

  // A logout is someone leaving on purpose, straight from the locked state as after a new login: from then on the
  // stop needs a login, like any fresh console's.
  await client.request('session.logout', {});
  const refused = await client.request('stop', { equipmentId: 'hoist' }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(ContractError);
  expect((refused as ContractError).code).toBe('forbidden');
  await loginAs(client, 'viewer');
  await client.request('session.logout', {});
  expect(await client.request('stop', { equipmentId: 'hoist' }).catch((e: unknown) => (e as ContractError).code)).toBe('forbidden');
}, 30_000);
