/**
 * Acknowledgements and shelves survive an engine restart: two engines, one after the other, on the same data
 * directory against the same running crane simulator. An alarm acknowledged while active comes back acknowledged
 * (its condition still active), a long shelve comes back with its reason, shelver and expiry, and a shelve that runs
 * out across the restart ends by itself, audited as done by the system naming the original shelver.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SiteFile } from '../../../shared/site/schema';
import { auditEntries } from '../../support/audit-entries';
import { craneSite, startConsole, startCrane, valueOf, waitConnected, type Console } from '../../support/crane-console';
import { pollUntil } from '../sim/sim-clients';

const CRANE = 'sts-crane-1';
const WIND_OVERRIDE = 20; // holding register: simulated wind in tenths of m/s (0 = natural wind)
const key = (alarmId: string) => `${CRANE}/${alarmId}`;

let crane: Awaited<ReturnType<typeof startCrane>>;
let site: SiteFile;
let dataDir: string;
const consoles: Console[] = [];

beforeAll(async () => {
  crane = await startCrane();
  site = await craneSite(crane.port);
  dataDir = await mkdtemp(join(tmpdir(), 'rec-alarm-restart-'));
}, 30_000);

afterAll(async () => {
  for (const c of consoles) await c.stop();
  await crane?.master.writeRegister(WIND_OVERRIDE, 0).catch(() => undefined);
  await crane?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function engineOnSharedDir(consoleId: number): Promise<Console> {
  const c = await startConsole(site, consoleId, 'operator', `console-${consoleId}`, { dataDir });
  consoles.push(c);
  await waitConnected(c);
  return c;
}

const alarmOf = async (c: Console, alarmId: string) => (await c.client.request('alarms.list', {})).alarms.find((a) => a.key === key(alarmId));

it('acks and shelves are restored on start; a shelve that ran out meanwhile ends, audited as the system', async () => {
  const a = await engineOnSharedDir(261);
  await crane.master.writeRegister(WIND_OVERRIDE, 230);
  await pollUntil(() => alarmOf(a, 'wind-warning'), (x) => x?.state === 'unack-active', 10_000);
  expect((await a.client.request('alarms.ack', { key: key('wind-warning'), comment: 'seen' })).outcome.status).toBe('ok');
  expect((await a.client.request('alarms.shelve', { key: key('overload'), durationMs: 600_000, reason: 'load cell recalibration' })).outcome.status).toBe('ok');
  const shelvedBefore = (await alarmOf(a, 'overload'))?.shelved;
  expect(shelvedBefore).toMatchObject({ by: 'operator', reason: 'load cell recalibration' });
  expect((await a.client.request('alarms.shelve', { key: key('gantry-motor-hot'), durationMs: 1000, reason: 'sensor swap' })).outcome.status).toBe('ok');
  // The operator actions are on disk when their replies arrive.
  const saved = JSON.parse(await readFile(join(dataDir, 'alarms', 'alarm-state.json'), 'utf8')) as { alarms: Record<string, { acked: boolean; shelved?: unknown }> };
  expect(saved.alarms[key('wind-warning')]).toMatchObject({ active: true, acked: true });
  expect(saved.alarms[key('overload')]?.shelved).toEqual(shelvedBefore);
  await a.stop();
  consoles.splice(consoles.indexOf(a), 1);

  const b = await engineOnSharedDir(262);
  // Wait for fresh wind values in the new engine: the alarm has been evaluated against them.
  await pollUntil(async () => valueOf(b, 'windSpeed'), (v) => typeof v === 'number' && v > 18, 10_000);
  await pollUntil(async () => valueOf(b, 'windHigh'), (v) => v !== undefined, 10_000);
  expect(await alarmOf(b, 'wind-warning')).toMatchObject({ state: 'ack-active', active: true, acked: true });
  expect(await alarmOf(b, 'overload')).toMatchObject({ state: 'shelved', shelved: shelvedBefore });
  // The short shelve ran out (in this engine, or in the first if its stop took that long): annunciated again.
  await pollUntil(() => alarmOf(b, 'gantry-motor-hot'), (x) => x?.state === 'normal', 10_000);
  const expiry = await pollUntil(
    async () => (await auditEntries(dataDir)).find((e) => e.kind === 'alarm-unshelve' && e.target?.command === key('gantry-motor-hot')),
    (e) => e !== undefined,
    5_000,
  );
  expect(expiry).toMatchObject({ who: { user: 'system' }, old: { shelvedBy: 'operator', reason: 'sensor swap' }, outcome: { result: 'ok', code: 'shelve-expired' } });

  // The restored alarms are operated as usual.
  expect((await b.client.request('alarms.unshelve', { key: key('overload'), comment: 'calibrated' })).outcome.status).toBe('ok');
  expect((await alarmOf(b, 'overload'))?.state).toBe('normal');
  await crane.master.writeRegister(WIND_OVERRIDE, 0);
  await pollUntil(() => alarmOf(b, 'wind-warning'), (x) => x?.state === 'normal', 10_000);
}, 60_000);
