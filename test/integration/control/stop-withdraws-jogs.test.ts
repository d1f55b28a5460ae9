/**
 * A stop jumps the link queue; a jog reference already waiting on the control lane must not reach the device after
 * it. The crane simulator sits behind the link lab (10 ms round trip; a maintenance read sent just before keeps the link busy,
 * so the new reference has to wait) and a recording tap that sees every request in wire order. Each trial changes a running jog's speed and
 * presses stop once its reference waits in the queue: after the stop frame, only zero references may follow.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditEntries } from '../../support/audit-entries';
import { type Console } from '../../support/crane-console';
import { pollUntil } from '../sim/sim-clients';
import type { ModbusTap } from '../../support/modbus-tap';
import { isMovingJog, isStop, startTappedCrane, type TappedCrane } from '../../support/tapped-crane';

const EQ = 'sts-crane-1';
const TRIALS = 5;


/** A motion write of the crane waits in its link's queue (the driver's internals: tests only). */
function referenceWaiting(): boolean {
  const supervisors = (c.engine as unknown as { supervisors: Map<string, { activeDriver?: unknown }> }).supervisors;
  const driver = supervisors.get('crane-plc')?.activeDriver as { queue?: { lanes: Record<string, { group?: string }[]> } } | undefined;
  return driver?.queue?.lanes.control?.some((job) => job.group === EQ) === true;
}

let rig: TappedCrane;
let tap: ModbusTap;
let c: Console;

beforeAll(async () => {
  rig = await startTappedCrane(10, 241, 'console-stop');
  ({ tap, c } = rig);
}, 30_000);

afterAll(async () => rig?.close());


it('a stop withdraws the jog references waiting behind it: none reaches the device after the stop', async () => {
  expect((await c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
  let seq = 0;
  const codes: string[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    // On a loaded machine the measured round trip can briefly exceed the motion limit: start when the gate allows.
    const started = await pollUntil(() => c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.2, seq: ++seq }), (r) => !(r.outcome.status === 'refused' && r.outcome.stage === 'link'), 20_000, 50);
    expect(started.outcome, JSON.stringify(started.outcome)).toMatchObject({ status: 'ok' });
    const from = tap.requests.length;
    // Something in flight on the link (a maintenance read), then a new speed (so a new reference is written) and
    // the stop, in the same instant: the reference waits behind the read, the stop jumps ahead of it.
    const read = c.client.request('modbus.read', { connectionId: 'crane-plc', address: 'input:0', count: 10 });
    let changeSettled = false;
    const change = c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.3, seq: ++seq }).finally(() => (changeSettled = true));
    // The new speed's attempt is recorded before its reference is queued: the stop goes once the reference waits
    // (or, should the read be done by then, once the change is settled; the wire check below holds either way).
    await pollUntil(async () => changeSettled || referenceWaiting(), Boolean, 2_000, 1);
    const stop = c.client.request('stop', { equipmentId: EQ });
    const [changed, stopped] = await Promise.all([change, stop]);
    expect(stopped.outcome.status).toBe('ok');
    if (changed.outcome.status === 'refused') codes.push(changed.outcome.code);
    const wire = tap.requests.slice(from);
    const stopAt = wire.findIndex(isStop);
    expect(stopAt).toBeGreaterThanOrEqual(0);
    expect(wire.slice(stopAt + 1).filter(isMovingJog)).toEqual([]);
    // Let go, so the next press is a new jog (a stop inhibits holding on until release).
    await c.client.request('jog.release', { equipmentId: EQ, command: 'hoistJog' });
    await Promise.allSettled([read]); // its answer does not matter, but it must not outlive the client
  }
  // The waiting references were refused as withdrawn by the stop (not merely zeroed afterwards).
  expect(codes.filter((code) => code === 'stopped').length).toBeGreaterThan(0);
  expect(c.engine.commands.jogs.motion.stopWithdrawn).toBeGreaterThan(0);
  // A new speed of a running jog is recorded as an attempt before its reference is queued, as every write is (one the
  // gate refused, or capped to the speed already applied, writes nothing: hence not one per trial).
  const speedChanges = (await auditEntries(c.dataDir)).filter((e) => e.kind === 'jog' && e.outcome?.result === 'attempt' && typeof e.old === 'number' && e.old !== 0);
  expect(speedChanges.length).toBeGreaterThan(0);
}, 60_000);
