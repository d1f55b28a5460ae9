/**
 * The inactivity lock through the session dispatch, against the real crane simulator: an operator who holds control
 * and stops sending requests is locked out after the lock period; control is released at the device, and a motion
 * or operate request afterwards is refused until a new login. A session that keeps sending requests is not locked.
 * The lock period is the engine's test option (site files keep whole minutes).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ControlMap } from '../../../main/sim/modbus-server/plc/control-map';
import { ContractError } from '../../../shared/contract/errors';
import { Quality } from '../../../shared/contract/telemetry';
import { auditEntries } from '../../support/audit-entries';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { loginAs } from '../../support/test-users';
import { pollUntil } from '../sim/sim-clients';

const EQ = 'sts-crane-1';
const LOCK_MS = 2_000;

let crane: Awaited<ReturnType<typeof startCrane>>;
let c: Console;

beforeAll(async () => {
  crane = await startCrane();
  c = await startConsole(await craneSite(crane.port), 251, 'operator', 'console-lock', { sessionLockMs: LOCK_MS });
  await waitConnected(c);
  await pollUntil(async () => c.engine.signals.every((s) => c.engine.store.get(s.id)?.quality === Quality.good), (ok) => ok, 10_000);
}, 30_000);

afterAll(async () => {
  await c?.stop();
  await crane?.stop();
});

const owner = async () => (await crane.master.readHoldingRegisters(ControlMap.holding.controlOwner, 1)).data[0];

it('an idle operator is locked out: control is released at the device, and motion and commands are refused', async () => {
  // A second operator on the same engine keeps working: someone at its console (its window's input pings) keeps it
  // logged in. A third window only polls reads, as an unattended window does: that is no activity.
  const busy = c.attachClient('console-busy');
  await loginAs(busy, 'operator');
  const unattended = c.attachClient('console-unattended');
  await loginAs(unattended, 'operator');
  let keepBusy = true;
  const busyLoop = (async () => {
    while (keepBusy) {
      await busy.request('session.activity', {});
      await unattended.request('link.stats', {}).catch(() => undefined);
      await unattended.request('session.whoami', {});
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  expect((await c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
  expect(await owner()).toBe(251);
  const jog = await c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.2, seq: 1 });
  expect(jog.outcome.status).toBe('ok');

  const locked = await c.waitForEvent('session.changed', (e) => e.reason === 'locked', 15_000);
  expect(locked.principal).toBeNull();
  expect(await pollUntil(owner, (id) => id === 0, 5_000)).toBe(0);

  const motion = await c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.2, seq: 2 }).catch((e: unknown) => e);
  expect(motion).toBeInstanceOf(ContractError);
  expect((motion as ContractError).code).toBe('forbidden');
  expect((motion as ContractError).message).toContain('needs a login');
  const operate = await c.client.request('control.take', { equipmentId: EQ }).catch((e: unknown) => e);
  expect((operate as ContractError).code).toBe('forbidden');
  expect(await owner()).toBe(0);

  // The busy session was never locked; the one that only polled reads was.
  keepBusy = false;
  await busyLoop;
  expect((await busy.request('session.whoami', {})).principal?.user).toBe('operator');
  expect((await unattended.request('session.whoami', {})).principal).toBeNull();

  const audit = await auditEntries(c.dataDir);
  expect(audit.some((e) => e.kind === 'session-locked' && e.who?.console === 'console-lock')).toBe(true);
  expect(audit.some((e) => e.kind === 'ownership' && e.target?.equipment === EQ && e.target?.command === 'release' && e.outcome?.result === 'ok')).toBe(true);

  // A new login works again.
  await loginAs(c.client, 'operator');
  expect((await c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
  expect(await owner()).toBe(251);
  await c.client.request('control.release', { equipmentId: EQ });
}, 40_000);
