/**
 * Alarms against the real crane simulator: limit, state, expression and link alarms raise, are acknowledged, return,
 * are shelved and come back by themselves; a viewer's ack is refused; every ack and shelve is in the audit log; an
 * alarm that rose and fell while no client was attached is in the history; after the device comes back the alarm
 * states are derived from fresh values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract/errors';
import type { AlarmTransition } from '../../../shared/contract/requests/alarms';
import { craneSimulator } from '../../../main/sim/crane/crane-sim';
import type { RunningSimulator } from '../../../main/sim/simulator';
import { closeMaster } from '../sim/sim-clients';
import { auditEntries } from '../../support/audit-entries';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { loginAs } from '../../support/test-users';

const CRANE = 'sts-crane-1';
const WIND_OVERRIDE = 20; // holding register: simulated wind in tenths of m/s (0 = natural wind)
const FAULT_INJECT = 5; // holding register: latch a fault code (3 = drive fault)

let crane: Awaited<ReturnType<typeof startCrane>>;
let restarted: RunningSimulator | undefined;
let c: Console;
const seen: AlarmTransition[] = [];
const wakers = new Set<() => void>();

beforeAll(async () => {
  crane = await startCrane();
  const site = await craneSite(crane.port, (demo) => {
    const eq = (demo.equipment as { alarms: unknown[] }[])[0]!;
    // An expression alarm with an on-delay and a deadband limit alarm, next to the demo site's own.
    eq.alarms.push({ id: 'gale-while-hoisting', when: 'windSpeed > 21 and windHigh == 1', onDelayMs: 300, priority: 'urgent', message: 'Gale' });
    eq.alarms.push({ id: 'wind-banded', tag: 'windSpeed', above: 22, deadband: 2, priority: 'low', message: 'Wind above 22 m/s' });
  });
  c = await startConsole(site, 301, 'operator');
  c.client.on('alarm.changed', (t) => {
    seen.push(t);
    for (const wake of wakers) wake();
  });
  await waitConnected(c);
}, 30_000);

afterAll(async () => {
  await c?.stop();
  if (restarted) await restarted.close();
  else await crane?.stop(); // the link test closes the first simulator and its master itself

});

/** Resolves with the first transition (from `after` on) of `alarmId` into `state`. */
function transition(alarmId: string, state: AlarmTransition['state'], after = 0, timeoutMs = 10_000): Promise<AlarmTransition> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = seen.slice(after).find((t) => t.key === `${CRANE}/${alarmId}` && t.state === state);
      if (!found) return;
      wakers.delete(check);
      clearTimeout(timer);
      resolve(found);
    };
    const timer = setTimeout(() => {
      wakers.delete(check);
      reject(new Error(`${alarmId} never became ${state}; seen: ${JSON.stringify(seen.filter((t) => t.alarmId === alarmId).map((t) => t.state))}`));
    }, timeoutMs);
    wakers.add(check);
    check();
  });
}

const wind = (tenths: number) => crane.master.writeRegister(WIND_OVERRIDE, tenths);
const key = (alarmId: string) => `${CRANE}/${alarmId}`;

describe('crane alarms', () => {
  it('raises a limit alarm, acknowledges it, and returns it to normal when the wind drops', async () => {
    const mark = seen.length;
    await wind(230);
    await transition('wind-warning', 'unack-active', mark);
    const { outcome } = await c.client.request('alarms.ack', { key: key('wind-warning'), comment: 'seen, stopping work' });
    expect(outcome.status).toBe('ok');
    const acked = await transition('wind-warning', 'ack-active', mark);
    expect(acked).toMatchObject({ user: 'operator', comment: 'seen, stopping work', previous: 'unack-active' });
    // The state alarm (windHigh == true) and the expression alarm (after its 300 ms on-delay) rise with it.
    const high = await transition('wind-high', 'unack-active', mark);
    const gale = await transition('gale-while-hoisting', 'unack-active', mark);
    expect(gale.priority).toBe('urgent');
    expect(gale.at - high.at).toBeGreaterThanOrEqual(300);
    await transition('wind-banded', 'unack-active', mark);
    await wind(0);
    await transition('wind-warning', 'normal', mark);
    await transition('wind-high', 'unack-returned', mark);
    await transition('gale-while-hoisting', 'unack-returned', mark);
  });

  it('keeps an alarm unacknowledged after it returns, until acknowledged', async () => {
    const mark = seen.length;
    await wind(200);
    await transition('wind-warning', 'unack-active', mark);
    await wind(0);
    await transition('wind-warning', 'unack-returned', mark);
    expect((await c.client.request('alarms.ack', { key: key('wind-warning') })).outcome.status).toBe('ok');
    await transition('wind-warning', 'normal', mark);
    const again = await c.client.request('alarms.ack', { key: key('wind-warning') });
    expect(again.outcome).toMatchObject({ status: 'refused', stage: 'state', code: 'already-acknowledged' });
  });

  it('shelves a latched fault with a reason; it comes back unacknowledged when the shelve expires', async () => {
    const mark = seen.length;
    await crane.master.writeRegister(FAULT_INJECT, 3);
    await transition('crane-fault', 'unack-active', mark);
    const shelve = await c.client.request('alarms.shelve', { key: key('crane-fault'), durationMs: 1000, reason: 'drive under repair' });
    expect(shelve.outcome.status).toBe('ok');
    const shelved = await transition('crane-fault', 'shelved', mark);
    expect(shelved).toMatchObject({ user: 'operator', shelved: { reason: 'drive under repair', by: 'operator' } });
    expect(shelved.shelved!.until - shelved.at).toBeGreaterThanOrEqual(990);
    const back = await transition('crane-fault', 'unack-active', seen.indexOf(shelved) + 1, 5000);
    expect(back).toMatchObject({ previous: 'shelved', comment: 'shelve expired' });
    expect(back.user).toBeUndefined();
    // Shelve and unshelve by hand.
    expect((await c.client.request('alarms.shelve', { key: key('crane-fault'), durationMs: 60_000, reason: 'again' })).outcome.status).toBe('ok');
    expect((await c.client.request('alarms.unshelve', { key: key('crane-fault'), comment: 'repair done' })).outcome.status).toBe('ok');
    expect((await c.client.request('alarms.ack', { key: key('crane-fault') })).outcome.status).toBe('ok');
    const { alarms, flood } = await c.client.request('alarms.list', {});
    expect(alarms.find((a) => a.key === key('crane-fault'))).toMatchObject({ state: 'ack-active', active: true, acked: true });
    expect(flood.raisedLast10Min).toBeGreaterThanOrEqual(5);
  });

  it('refuses an ack by a viewer, audited; every ack and shelve is in the audit log', async () => {
    const viewer = c.attachClient('viewer-screen');
    await loginAs(viewer, 'viewer');
    const error = (await viewer.request('alarms.ack', { key: key('wind-high') }).catch((e: unknown) => e)) as ContractError;
    expect(error).toBeInstanceOf(ContractError);
    expect(error.code).toBe('forbidden');
    const entries = await auditEntries(c.dataDir);
    const refused = entries.filter((e) => e.kind === 'alarm-ack' && e.outcome?.result === 'refused' && e.who?.user === 'viewer');
    expect(refused).toHaveLength(1);
    const okActions = entries.filter((e) => e.kind.startsWith('alarm-') && e.outcome?.result === 'ok').map((e) => `${e.kind} ${e.target?.command} ${e.who?.user}`);
    expect(okActions.map((a) => a.replace(/ operator$/, ''))).toEqual([
      `alarm-ack ${key('wind-warning')}`,
      `alarm-ack ${key('wind-warning')}`,
      `alarm-shelve ${key('crane-fault')}`,
      `alarm-unshelve ${key('crane-fault')} system`, // the shelve expired: done by the system
      `alarm-shelve ${key('crane-fault')}`,
      `alarm-unshelve ${key('crane-fault')}`,
      `alarm-ack ${key('crane-fault')}`,
    ]);
    const stateRefusal = entries.find((e) => e.kind === 'alarm-ack' && e.outcome?.code === 'already-acknowledged');
    expect(stateRefusal?.who?.user).toBe('operator');
  });

  it('suppresses every alarm of an equipment taken out of service (maintenance only), and re-annunciates after', async () => {
    const refusedForOperator = (await c.client.request('alarms.suppress', { equipmentId: CRANE, suppressed: true, reason: 'x' }).catch((e: unknown) => e)) as ContractError;
    expect(refusedForOperator.code).toBe('forbidden');
    const maintenance = c.attachClient('maintenance-laptop');
    await loginAs(maintenance, 'maintenance');
    const mark = seen.length;
    expect((await maintenance.request('alarms.suppress', { equipmentId: CRANE, suppressed: true, reason: 'drive replacement' })).outcome.status).toBe('ok');
    const hidden = await transition('crane-fault', 'suppressed', mark);
    expect(hidden).toMatchObject({ user: 'maintenance', comment: 'drive replacement', active: true });
    expect((await c.client.request('alarms.ack', { key: key('crane-fault') })).outcome).toMatchObject({ status: 'refused', code: 'not-annunciated' });
    expect((await maintenance.request('alarms.suppress', { equipmentId: CRANE, suppressed: false, reason: 'back in service' })).outcome.status).toBe('ok');
    await transition('crane-fault', 'unack-active', mark);
    expect((await c.client.request('alarms.ack', { key: key('crane-fault') })).outcome.status).toBe('ok');
    const audited = (await auditEntries(c.dataDir)).filter((e) => e.kind === 'alarm-suppress').map((e) => `${e.who?.user} ${e.outcome?.result}`);
    expect(audited).toEqual(['operator refused', 'maintenance ok', 'maintenance ok']);
  });

  it('records an alarm that rose and fell while no client was attached', async () => {
    const from = Date.now();
    c.client.close();
    const before = c.engine.alarms.get(key('wind-warning'))!;
    await wind(250);
    await until(() => c.engine.alarms.get(key('wind-warning'))?.state === 'unack-active');
    await wind(0);
    await until(() => c.engine.alarms.get(key('wind-warning'))?.state === 'unack-returned');
    expect(before.state).toBe('normal');
    const later = c.attachClient('back-again');
    const { transitions } = await later.request('alarms.history', { from, to: Date.now(), equipmentId: CRANE, priority: 'medium' });
    const states = transitions.filter((t) => t.alarmId === 'wind-warning').map((t) => t.state).reverse();
    expect(states).toEqual(['unack-active', 'unack-returned']);
    const { alarms } = await later.request('alarms.list', {});
    expect(alarms.find((a) => a.key === key('wind-warning'))?.state).toBe('unack-returned');
  });

  it('raises link lost when the device goes, and re-derives every alarm from fresh values when it is back', async () => {
    const watcher = c.attachClient('watcher');
    const events: AlarmTransition[] = [];
    watcher.on('alarm.changed', (t) => events.push(t));
    await closeMaster(crane.master);
    await crane.sim.close();
    await until(() => c.engine.alarms.get(key('link-lost'))?.state === 'unack-active');
    // Stale values keep the state: the latched fault is still shown active while the link is down.
    expect(c.engine.alarms.get(key('crane-fault'))?.active).toBe(true);
    restarted = await craneSimulator.start({ host: '127.0.0.1', port: crane.port, dataDir: '' });
    await until(() => c.engine.alarms.get(key('link-lost'))?.state === 'unack-returned', 20_000);
    // The new device has no fault latched: the fault alarm follows the fresh value, not the remembered one.
    await until(() => c.engine.alarms.get(key('crane-fault'))?.state === 'normal');
    expect(events.map((e) => `${e.alarmId}:${e.state}`)).toEqual(expect.arrayContaining(['link-lost:unack-active', 'link-lost:unack-returned', 'crane-fault:normal']));
  }, 40_000);
});

/** Polls a condition of the engine (no client attached) until it holds. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
