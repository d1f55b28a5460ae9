/**
 * The first jog after taking control reads the device's last jog sequence before its reference is queued. A stop
 * pressed while that read is on the wire finds nothing to withdraw; the reference must still never reach the device
 * after the stop (the design: a stop ends every jog, holding on needs a release first).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Console } from '../../support/crane-console';
import { pollUntil } from '../sim/sim-clients';
import type { ModbusTap, TappedRequest } from '../../support/modbus-tap';
import { isMovingJog, isStop, startTappedCrane, type TappedCrane } from '../../support/tapped-crane';

const EQ = 'sts-crane-1';
const LAST_SEQ_INPUT = 42;
const TRIALS = 3;


let rig: TappedCrane;
let tap: ModbusTap;
let c: Console;

beforeAll(async () => {
  rig = await startTappedCrane(60, 242, 'console-first-jog');
  ({ tap, c } = rig);
}, 30_000);

afterAll(async () => rig?.close());

const isSeqRead = (r: TappedRequest) => r.fc === 4 && r.address === LAST_SEQ_INPUT;

it('a stop pressed while the first jog reads its sequence keeps that jog off the device', async () => {
  let seq = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    // Taking control restarts the jog sequence: the next first hold reads the device's last one first.
    expect((await c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
    await pollUntil(async () => c.engine.link.linkOf('crane-plc').quality, (q) => q === 'good' || q === 'degraded', 20_000, 50);
    const from = tap.requests.length;
    const hold = c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.2, seq: ++seq });
    // Stop once the sequence read is on the wire (the reference is not queued yet, so nothing can be withdrawn).
    await pollUntil(async () => tap.requests.slice(from).some(isSeqRead), (seen) => seen, 10_000, 1);
    const stopped = await c.client.request('stop', { equipmentId: EQ });
    const held = await hold;
    expect(stopped.outcome.status).toBe('ok');
    const wire = tap.requests.slice(from);
    const stopAt = wire.findIndex(isStop);
    expect(stopAt).toBeGreaterThanOrEqual(0);
    expect(wire.slice(stopAt + 1).filter(isMovingJog), `hold answered ${JSON.stringify(held.outcome)}`).toEqual([]);
    await c.client.request('jog.release', { equipmentId: EQ, command: 'hoistJog' });
    expect((await c.client.request('control.release', { equipmentId: EQ })).outcome.status).toBe('ok');
  }
}, 60_000);
