/**
 * Releasing control: this console's heartbeats end, and the last one is answered, before the owner register goes
 * back to 0. The crane's watchdog re-arms on any heartbeat write, so a beat landing after the release would arm it
 * with nobody beating, and it would trip and latch a fault. The owner going to 0 is also the release itself, not a
 * loss: no "control lost" entry. The crane sits behind a 10 ms link and a tap that records the wire order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditEntries } from '../../support/audit-entries';
import { valueOf, type Console } from '../../support/crane-console';
import type { ModbusTap, TappedRequest } from '../../support/modbus-tap';
import { startTappedCrane, type TappedCrane } from '../../support/tapped-crane';
import { pollUntil } from '../sim/sim-clients';

const EQ = 'sts-crane-1';
const HEARTBEAT = 0; // holding 0 (demo site)
const OWNER = 2; // holding 2
const CYCLES = 8;


let rig: TappedCrane;
let tap: ModbusTap;
let c: Console;

beforeAll(async () => {
  rig = await startTappedCrane(10, 251, 'console-release');
  ({ tap, c } = rig);
}, 30_000);

afterAll(async () => rig?.close());

/** The value a request writes to holding `address` (FC6 or FC16), or undefined when it writes elsewhere. */
function written(r: TappedRequest, address: number): number | undefined {
  return (r.fc === 16 || r.fc === 6) && r.address === address ? r.registers?.[0] : undefined;
}

it('no heartbeat reaches the device after the release, the watchdog stays quiet, and no loss is recorded', async () => {
  const from = tap.requests.length;
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const take = await pollUntil(() => c.client.request('control.take', { equipmentId: EQ }), (r) => r.outcome.status === 'ok', 10_000, 100);
    expect(take.outcome.status).toBe('ok');
    // Release at a different point of the 100 ms heartbeat period each cycle, so a beat is often in flight.
    await new Promise((resolve) => setTimeout(resolve, 30 + cycle * 23));
    expect((await c.client.request('control.release', { equipmentId: EQ })).outcome.status).toBe('ok');
  }
  const wire = tap.requests.slice(from);
  // After each write of owner 0, the next heartbeat on the wire may only come after this console's next take.
  let released = false;
  const late: number[] = [];
  wire.forEach((r, i) => {
    const owner = written(r, OWNER);
    if (owner === 0) released = true;
    else if (owner !== undefined) released = false;
    if (released && written(r, HEARTBEAT) !== undefined) late.push(i);
  });
  expect(wire.some((r) => written(r, OWNER) === 0)).toBe(true);
  expect(wire.some((r) => written(r, HEARTBEAT) !== undefined)).toBe(true);
  expect(late).toEqual([]);
  // Longer than the crane's survival time (500 ms): an armed watchdog with no beats would have latched by now.
  const survival = Date.now() + 800;
  await pollUntil(async () => Date.now(), (now) => now > survival, 2_000, 50);
  expect(valueOf(c, 'watchdogFault')).toBe(0);
  const lost = (await auditEntries(c.dataDir)).filter((e) => e.kind === 'ownership' && e.outcome?.code === 'taken-elsewhere');
  expect(lost).toEqual([]);
}, 60_000);
