/**
 * The gate refuses motion on interlock inputs that are still "good" but no longer confirmed: the crane's link goes on
 * answering (probes, the heartbeat) while its scan has stopped, as a starved scan or a stalled subscription leaves
 * it. Once the inputs are older than the screen's limit (two scan periods and the timeout), a jog is refused as
 * `interlock-unknown` or `mode-unknown`, naming what is not fresh; before, the gate judged by quality alone and let
 * it through on values of any age. Real crane simulator, real engine.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import type { ModbusDriver } from '../../../main/engine/drivers/modbus';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { pollUntil } from '../sim/sim-clients';

const EQ = 'sts-crane-1';
let crane: Awaited<ReturnType<typeof startCrane>>;
let c: Console;

beforeAll(async () => {
  crane = await startCrane();
  c = await startConsole(await craneSite(crane.port), 451, 'operator', 'console-stale-inputs');
  await waitConnected(c);
  await pollUntil(async () => c.engine.signals.every((s) => c.engine.store.get(s.id)?.quality === Quality.good), (ok) => ok, 10_000);
  expect((await c.client.request('control.take', { equipmentId: EQ })).outcome.status).toBe('ok');
}, 30_000);

afterAll(async () => {
  await c?.stop();
  await crane?.stop();
});

let seq = 0;
const hold = () => c.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.1, seq: ++seq });

it('refuses a jog once its interlock inputs go unconfirmed past their limit, though they still read good', async () => {
  const first = await hold();
  expect(first.outcome, JSON.stringify(first.outcome)).toMatchObject({ status: 'ok' });
  await c.client.request('jog.release', { equipmentId: EQ, command: 'hoistJog' });
  const remoteMode = c.engine.signals.find((s) => s.tag === 'remoteMode')?.id as number;
  // The scan stops; the link still answers (probes and heartbeats), so nothing marks the values stale.
  (c.engine.supervisors.get('crane-plc')?.activeDriver as ModbusDriver).scanner.stop();
  const refused = await pollUntil(hold, (r) => r.outcome.status === 'refused', 10_000, 50);
  expect(c.engine.store.get(remoteMode)?.quality).toBe(Quality.good);
  expect(c.engine.link.linkOf('crane-plc', EQ).quality).not.toBe('lost');
  expect(refused.outcome).toMatchObject({ status: 'refused' });
  if (refused.outcome.status !== 'refused') return;
  expect([`${refused.outcome.stage}:${refused.outcome.code.replace(/:.*/, '')}`]).toSatisfy((x: string[]) => ['mode:mode-unknown', 'interlock:interlock-unknown'].includes(x[0] ?? ''));
  // Not before the limit: an input it names (the mode's: remoteMode) had gone unconfirmed for longer than the
  // screen's limit for its class (the fast one: 2 × 100 + 500 ms here).
  const named = refused.outcome.code === 'mode-unknown' ? ['remoteMode'] : String(refused.outcome.values?.inputs ?? '').split(', ');
  const ageOf = (tag: string) => c.engine.store.confirmAge(c.engine.signals.find((s) => s.tag === tag)?.id ?? -1);
  expect(Math.max(...named.map(ageOf))).toBeGreaterThan(2 * 100 + 500);
});
