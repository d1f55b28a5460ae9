/**
 * Who the device names as owner, as the windows are told it: a release this console just made reads "nobody" at once
 * (not the scan's older reading of this console), and with nobody here holding control every window hears the owner
 * register's changes — another console's take, and a device still naming this console that nobody here holds (the
 * link lost mid-take or with control held). Real crane simulator; its owner register written raw to set the scene.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ControlState } from '../../../shared/contract/requests/control';
import { holderText } from '../../../renderer/equipment/control/holder';
import { craneSite, startConsole, startCrane, valueOf, waitConnected, type Console } from '../../support/crane-console';
import { pollUntil } from '../sim/sim-clients';

const EQ = 'sts-crane-1';
const OWNER = 2; // holding 2 (demo site)
const CONSOLE_ID = 261;

let crane: Awaited<ReturnType<typeof startCrane>>;
let c: Console;

beforeAll(async () => {
  crane = await startCrane();
  c = await startConsole(await craneSite(crane.port), CONSOLE_ID, 'operator', 'console-owner');
  await waitConnected(c);
}, 30_000);

afterAll(async () => {
  await c?.stop();
  await crane?.stop();
});

/** The latest control.changed of the crane with nobody here holding it, whose device owner is `owner`. */
const seen = (owner: number) => c.waitForEvent('control.changed', (s: ControlState) => s.equipmentId === EQ && s.holder === null && s.deviceOwner === owner, 10_000);

it('a release reads "nobody" at once, though the scan last read this console', async () => {
  expect((await c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
  await pollUntil(async () => valueOf(c, 'controlOwner'), (v) => v === CONSOLE_ID, 10_000);
  const released = await c.client.request('control.release', { equipmentId: EQ });
  expect(released.outcome.status).toBe('ok');
  expect(released.control).toMatchObject({ holder: null, deviceOwner: 0 });
  expect(holderText(released.control).key).toBe('control.holderNone');
});

it('with nobody here holding control, the windows hear another console take it, and a device still naming this console', async () => {
  await pollUntil(async () => valueOf(c, 'controlOwner'), (v) => v === 0, 10_000);
  c.events.length = 0;
  await crane.master.writeRegister(OWNER, 7); // console 7 takes it
  const byOther = await seen(7);
  expect(holderText(byOther)).toEqual({ key: 'control.holderDevice', params: { id: 7 } });
  await crane.master.writeRegister(OWNER, 0);
  await seen(0);
  // Left naming this console, with no session here holding it (as after a take whose link was lost).
  await crane.master.writeRegister(OWNER, CONSOLE_ID);
  const stale = await seen(CONSOLE_ID);
  expect(holderText(stale).key).toBe('control.holderStale');
  // Taking control again is allowed (the device names this console), and a release clears it.
  expect((await c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
  expect((await c.client.request('control.release', { equipmentId: EQ })).control?.deviceOwner).toBe(0);
});
