/**
 * The first jog after taking control reads the device's last jog sequence before its reference is queued. A stop
 * pressed while that read is on the wire finds nothing to withdraw; the reference must still never reach the device
 * after the stop (the design: a stop ends every jog, holding on needs a release first).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LinkProxy, type LinkProfile } from '../../../main/sim/link-lab';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { Quality } from '../../../shared/contract/telemetry';
import { pollUntil } from '../sim/sim-clients';
import { startModbusTap, type ModbusTap, type TappedRequest } from '../../support/modbus-tap';

const EQ = 'sts-crane-1';
const JOG_BLOCK = 40;
const LAST_SEQ_INPUT = 42;
const STOP_COIL = 0;
const TRIALS = 3;

const slow: LinkProfile = {
  name: 'steady-60ms',
  description: '60 ms round trip, no jitter, no loss',
  params: { up: { delayMs: 30, jitterMs: 0, bandwidthBps: 0 }, down: { delayMs: 30, jitterMs: 0, bandwidthBps: 0 }, lossRate: 0, stallMs: 200, closeDelayMs: 0 },
};

let crane: Awaited<ReturnType<typeof startCrane>>;
let proxy: LinkProxy;
let tap: ModbusTap;
let c: Console;

beforeAll(async () => {
  crane = await startCrane();
  proxy = await LinkProxy.start({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: slow });
  tap = await startModbusTap(proxy.port);
  c = await startConsole(await craneSite(tap.port), 242, 'operator', 'console-first-jog');
  await waitConnected(c);
  await pollUntil(async () => c.engine.signals.every((s) => c.engine.store.get(s.id)?.quality === Quality.good), (ok) => ok, 10_000);
}, 30_000);

afterAll(async () => {
  await c?.stop();
  await tap?.close();
  await proxy?.close();
  await crane?.stop();
});

const isStop = (r: TappedRequest) => r.fc === 5 && r.address === STOP_COIL && r.coil === true;
const isSeqRead = (r: TappedRequest) => r.fc === 4 && r.address === LAST_SEQ_INPUT;
const isMovingJog = (r: TappedRequest) => r.fc === 16 && r.address === JOG_BLOCK && ((r.registers?.[3] ?? 0) !== 0 || (r.registers?.[4] ?? 0) !== 0);

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
