/**
 * While a jog's reference write is on its way (here: lost, so it waits for its timeout), the operator's window keeps
 * sending holds. Each of them asks the gate: an interlock that trips meanwhile ends the jog at the next hold, and
 * the reference on its way is zeroed once it answers, or, still waiting for the link, withdrawn unsent. Before, such
 * a hold only renewed the jog, unchecked, for as long as the write took, and a waiting reference went out after it. Real crane simulator behind a link and a tap (a 20 ms link, eight requests in flight, so
 * the scan goes on reading while the write waits).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CraneMap } from '../../../main/sim/crane/crane-map';
import { resetCraneFaults, valueOf } from '../../support/crane-console';
import type { TappedRequest } from '../../support/modbus-tap';
import { CRANE_JOG_BLOCK, isMovingJog, startTappedCrane, type TappedCrane } from '../../support/tapped-crane';
import { pollUntil } from '../sim/sim-clients';

const EQ = 'sts-crane-1';
const isHeartbeat = (r: TappedRequest) => r.fc === 6 && r.address === 0;
const isJogBlock = (r: TappedRequest) => r.fc === 16 && r.address === CRANE_JOG_BLOCK;
/** Long enough for the scan to read the tripped interlock while the lost write still waits for its answer. */
const WRITE_TIMEOUT_MS = 3000;
let rig: TappedCrane;

beforeAll(async () => {
  rig = await startTappedCrane(20, 452, 'console-452', (site) => {
    for (const c of site.connections as Record<string, unknown>[]) c.timeoutMs = WRITE_TIMEOUT_MS;
  });
  expect((await rig.c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
}, 30_000);

afterAll(async () => {
  await rig?.device.writeRegister(CraneMap.holding.simWindOverride, 0).catch(() => undefined);
  await rig?.close();
});

it('a hold sent while the reference is on its way is refused once an interlock trips, and the jog ends at zero', async () => {
  const { c, tap, device } = rig;
  await resetCraneFaults(device, c); // also waits until this console's heartbeat has landed
  const from = tap.requests.length;
  tap.dropNext(isMovingJog); // the first reference is lost: its write waits for the timeout
  const first = c.client.request('jog.hold', { equipmentId: EQ, command: 'trolleyJog', speed: 0.2, seq: 1 });
  await pollUntil(async () => tap.requests.slice(from).some((r) => isMovingJog(r) && r.dropped === true), (seen) => seen, 10_000, 5);
  // Still on its way: a hold now joins the jog (the gate passes it).
  const joined = await c.client.request('jog.hold', { equipmentId: EQ, command: 'trolleyJog', speed: 0.2, seq: 2 });
  expect(joined.outcome, JSON.stringify(joined.outcome)).toMatchObject({ status: 'ok' });
  // The wind rises above the trolley's limit; the scan reads it while the write still waits.
  await device.writeRegister(CraneMap.holding.simWindOverride, 250);
  await pollUntil(async () => valueOf(c, 'windHigh'), (high) => high === 1, 10_000, 10);
  const pendingBefore = tap.requests.slice(from).filter((r) => r.fc === 16 && r.address === CRANE_JOG_BLOCK).length;
  const held = await c.client.request('jog.hold', { equipmentId: EQ, command: 'trolleyJog', speed: 0.2, seq: 3 });
  expect(held.outcome, JSON.stringify(held.outcome)).toMatchObject({ status: 'refused', stage: 'interlock' });
  // It was refused while the write was still unanswered (no jog block went out since), not after its timeout.
  expect(tap.requests.slice(from).filter((r) => r.fc === 16 && r.address === CRANE_JOG_BLOCK).length).toBe(pendingBefore);
  // The first hold's write times out; the jog ended, so what follows on the wire is a zero, and nothing moves after it.
  const outcome = await first;
  expect(outcome.outcome.status).not.toBe('ok');
  const blocks = await pollUntil(
    async () => tap.requests.slice(from).filter((r) => r.fc === 16 && r.address === CRANE_JOG_BLOCK),
    (all) => all.length >= 2 && !isMovingJog(all[all.length - 1] as (typeof all)[number]),
    10_000,
    20,
  );
  expect(blocks.filter(isMovingJog)).toHaveLength(1); // the lost one only
  expect((await device.readHoldingRegisters(CraneMap.holding.trolleySpeedRef, 2)).data).toEqual([0, 0]);
  expect(c.engine.commands.jogs.leases.size).toBe(0);
}, 60_000);

it('a reference still waiting for the link when the gate refuses the next hold is withdrawn unsent', async () => {
  const { c, tap, device } = rig;
  await device.writeRegister(CraneMap.holding.simWindOverride, 0);
  await pollUntil(async () => valueOf(c, 'windHigh'), (high) => high === 0, 10_000, 10);
  await resetCraneFaults(device, c);
  // A jog first, so the sequence count exists and the next reference is queued at once (no read before it).
  expect((await c.client.request('jog.hold', { equipmentId: EQ, command: 'trolleyJog', speed: 0.2, seq: 10 })).outcome).toMatchObject({ status: 'ok' });
  await c.client.request('jog.release', { equipmentId: EQ, command: 'trolleyJog' });
  const before = tap.requests.filter(isJogBlock);
  const lastSeq = (before[before.length - 1] as TappedRequest).registers?.[1] as number;
  // The heartbeat is lost: it holds the link's one slot for writes until its timeout, and the next reference waits.
  const from = tap.requests.length;
  tap.dropNext(isHeartbeat);
  await pollUntil(async () => tap.requests.slice(from).some((r) => isHeartbeat(r) && r.dropped === true), (seen) => seen, 10_000, 5);
  const waiting = c.client.request('jog.hold', { equipmentId: EQ, command: 'trolleyJog', speed: 0.2, seq: 11 });
  await device.writeRegister(CraneMap.holding.simWindOverride, 250);
  await pollUntil(async () => valueOf(c, 'windHigh'), (high) => high === 1, 10_000, 10);
  const held = await c.client.request('jog.hold', { equipmentId: EQ, command: 'trolleyJog', speed: 0.2, seq: 12 });
  expect(held.outcome, JSON.stringify(held.outcome)).toMatchObject({ status: 'refused', stage: 'interlock' });
  // Once the heartbeat times out the slot frees: the waiting reference is withdrawn at its turn, never sent.
  expect((await waiting).outcome, 'the reference on its way').toMatchObject({ status: 'refused', code: 'ended' });
  expect(tap.requests.slice(from).filter(isMovingJog)).toEqual([]);
  // It had been numbered (queued) when it was withdrawn: the next jog's number skips it, and the device minds no gap.
  await device.writeRegister(CraneMap.holding.simWindOverride, 0);
  await pollUntil(async () => valueOf(c, 'windHigh'), (high) => high === 0, 10_000, 10);
  await resetCraneFaults(device, c); // the lost heartbeat tripped the watchdog
  expect((await c.client.request('jog.hold', { equipmentId: EQ, command: 'trolleyJog', speed: 0.2, seq: 13 })).outcome).toMatchObject({ status: 'ok' });
  await c.client.request('jog.release', { equipmentId: EQ, command: 'trolleyJog' });
  const after = tap.requests.slice(from).filter(isJogBlock).map((b) => [b.registers?.[1], isMovingJog(b)]);
  expect(after).toEqual([
    [lastSeq + 2, true],
    [lastSeq + 3, false],
  ]);
  expect((await device.readHoldingRegisters(CraneMap.holding.trolleySpeedRef, 2)).data).toEqual([0, 0]);
}, 60_000);
