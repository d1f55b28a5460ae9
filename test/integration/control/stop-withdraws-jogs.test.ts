/**
 * A stop jumps the link queue; a jog reference already waiting on the control lane must not reach the device after
 * it. The crane simulator sits behind the link lab (10 ms round trip; a maintenance read sent just before keeps the link busy,
 * so the new reference has to wait) and a recording tap that sees every request in wire order. Each trial changes a running jog's speed and
 * presses stop in the same instant: after the stop frame, only zero references may follow.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LinkProxy, type LinkProfile } from '../../../main/sim/link-lab';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { Quality } from '../../../shared/contract/telemetry';
import { pollUntil } from '../sim/sim-clients';
import { startModbusTap, type ModbusTap, type TappedRequest } from '../../support/modbus-tap';

const EQ = 'sts-crane-1';
const JOG_BLOCK = 40; // holding 40..44: [console, seq, axis, ref (float32 ABCD)]
const STOP_COIL = 0;
const TRIALS = 5;

const slow: LinkProfile = {
  name: 'steady-10ms',
  description: '10 ms round trip, no jitter, no loss',
  params: { up: { delayMs: 5, jitterMs: 0, bandwidthBps: 0 }, down: { delayMs: 5, jitterMs: 0, bandwidthBps: 0 }, lossRate: 0, stallMs: 200, closeDelayMs: 0 },
};

let crane: Awaited<ReturnType<typeof startCrane>>;
let proxy: LinkProxy;
let tap: ModbusTap;
let c: Console;

beforeAll(async () => {
  crane = await startCrane();
  proxy = await LinkProxy.start({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: slow });
  tap = await startModbusTap(proxy.port);
  c = await startConsole(await craneSite(tap.port), 241, 'operator', 'console-stop');
  await waitConnected(c);
  // Interlock inputs need a fresh value before any jog is allowed.
  await pollUntil(async () => c.engine.signals.every((s) => c.engine.store.get(s.id)?.quality === Quality.good), (ok) => ok, 10_000);
}, 30_000);

afterAll(async () => {
  await c?.stop();
  await tap?.close();
  await proxy?.close();
  await crane?.stop();
});

const isStop = (r: TappedRequest) => r.fc === 5 && r.address === STOP_COIL && r.coil === true;
const isMovingJog = (r: TappedRequest) => r.fc === 16 && r.address === JOG_BLOCK && ((r.registers?.[3] ?? 0) !== 0 || (r.registers?.[4] ?? 0) !== 0);

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
    const change = c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.3, seq: ++seq });
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
  expect(c.engine.commands.jogs.stopWithdrawn).toBeGreaterThan(0);
}, 60_000);
