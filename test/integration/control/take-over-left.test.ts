/**
 * A take-over between two windows of one console whose taker closes while the holder's jog is being zeroed (a slow
 * link makes the zero a round trip long): the taker takes nothing, and the holder keeps control — its claim and its
 * heartbeat go on, and the device still names this console. Crane behind an 80 ms link (below the demo's unsafe round trip).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTappedCrane, type TappedCrane } from '../../support/tapped-crane';
import { loginAs } from '../../support/test-users';
import { auditEntries } from '../../support/audit-entries';
import { pollUntil } from '../sim/sim-clients';

const EQ = 'sts-crane-1';
const CONSOLE_ID = 271;
const HEARTBEAT = 0; // holding 0
const OWNER = 2; // holding 2

let rig: TappedCrane;
beforeAll(async () => {
  rig = await startTappedCrane(80, CONSOLE_ID, 'console-holder');
}, 30_000);
afterAll(async () => rig?.close());

it('the taker leaving during the zero leaves the holder in control, heartbeat beating', async () => {
  const { c, device } = rig;
  expect((await c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
  // The holder jogs (holds keep coming, as a window sends them).
  let seq = 0;
  const hold = () => c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.1, seq: ++seq }).catch(() => undefined);
  const holds = setInterval(() => void hold(), 50);
  try {
    await pollUntil(async () => c.engine.commands.jogs.leases.size, (n) => n > 0, 10_000, 20);
    const taker = c.attachClient('console-taker');
    await loginAs(taker, 'operator');
    const taken = taker.request('control.take', { equipmentId: EQ, takeOver: true }).catch((error: unknown) => error);
    // The take-over has reached the zero: the holder's lease is gone, its zero on the 80 ms link.
    await pollUntil(async () => c.engine.commands.jogs.leases.size, (n) => n === 0, 10_000, 5);
    clearInterval(holds);
    taker.close();
    await taken; // rejected at once (closed); the engine finishes the take-over's turn on its own
  } finally {
    clearInterval(holds);
  }
  // Takes and releases of one equipment run in turn: this one runs once the take-over's turn has ended.
  expect((await c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
  // The records of the take-over's end are appended without waiting: read once the last of them is in.
  const trail = (await pollUntil(() => auditEntries(c.dataDir), (all) => all.some((e) => e.outcome?.code === 'session-ended'), 5_000, 20)).filter((e) => e.kind === 'ownership');
  expect(trail.filter((e) => e.outcome?.code === 'taken-over')).toEqual([]); // never "taken over" by a window that had gone
  // The taker's acknowledged owner write is followed by the record that its take came to nothing.
  expect(trail.find((e) => e.who?.console === 'console-taker' && e.outcome?.code === 'session-ended')).toMatchObject({ target: { command: 'take-over' }, outcome: { result: 'refused' } });
  const { equipment } = await c.client.request('control.list', {});
  expect(equipment.find((e) => e.equipmentId === EQ)?.holder).toMatchObject({ mine: true });
  // The device still names this console, and the holder's heartbeat still changes (the watchdog is fed).
  expect((await device.readHoldingRegisters(OWNER, 1)).data[0]).toBe(CONSOLE_ID);
  const first = (await device.readHoldingRegisters(HEARTBEAT, 1)).data[0];
  const later = await pollUntil(async () => (await device.readHoldingRegisters(HEARTBEAT, 1)).data[0], (v) => v !== first, 3_000, 50);
  expect(later).not.toBe(first);
  expect((await c.client.request('control.release', { equipmentId: EQ })).outcome.status).toBe('ok');
});
