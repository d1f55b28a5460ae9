/**
 * A stop from a login that has gone idle but is not locked yet goes out (pressing stop is someone at the console) and
 * counts as activity; any other request of that idle login still locks it first. The real engine on a Modbus TCP
 * device; only Date is faked, to step past the lock period before the engine's lock timer (every second) looks.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { ContractError } from '../../../shared/contract/errors';
import { SiteFile } from '../../../shared/site/schema';
import { FaultServer } from '../../support/fault-server';
import { until } from '../../support/modbus-driver-harness';
import { startModbusEngine } from '../../support/modbus-engine';
import { TEST_USERS } from '../../support/test-users';

const LOCK_MS = 60_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('an idle login stops without being locked first; its next request of another kind, once idle again, locks it', async () => {
  const device = new FaultServer({ framing: 'mbap', units: [1] });
  await device.listen(0);
  cleanups.push(() => device.close());
  const site = SiteFile.parse({
    site: { name: 'Idle stop', sessionLockMinutes: LOCK_MS / 60_000 },
    connections: [{ id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1', port: device.port, unitId: 1, backoff: { initialMs: 50, maxMs: 200 } }],
    equipment: [{ id: 'hoist', name: 'Hoist', type: 'generic', connection: 'plc', tags: { stopCmd: { address: 'coil:0', type: 'bool', writable: true } }, commands: { stop: { kind: 'pulse', tag: 'stopCmd', value: true } } }],
    users: TEST_USERS,
  });
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
