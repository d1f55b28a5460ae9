/**
 * Switching the link lab at run time through the contract, as `start` wires it: the simulators run in a `sim` child
 * with `--link 5g-good --control-stdin`, the engine holds the child's control channel, and an admin's `link.profile`
 * request changes the round trip the monitor measures. Non-admins and unknown profiles are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { childLinkLab } from '../../../main/cli/link-control';
import { spawnSimulators, type SimProcess } from '../../../main/cli/sim-process';
import { ContractError } from '../../../shared/contract/errors';
import { craneSite, startConsole, waitConnected, type Console } from '../../support/crane-console';
import { pollUntil } from '../sim/sim-clients';

const dir = mkdtempSync(join(tmpdir(), 'rec-link-control-'));
let sims: SimProcess;
let c: Console;

beforeAll(async () => {
  sims = await spawnSimulators(['--only', 'crane', '--base-port', '0', '--data-dir', dir, '--link', '5g-good', '--link-seed', '5', '--control-stdin'], 1);
  const port = Number(/:(\d+)/.exec(sims.endpoints.get('crane') ?? '')?.[1]);
  c = await startConsole(await craneSite(port), 331, 'admin', 'console-lab', { linkLab: childLinkLab(sims, '5g-good') });
  await waitConnected(c);
}, 60_000);

afterAll(async () => {
  await c?.stop();
  await sims?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const recentP50 = async () => c.engine.link.monitor('crane-plc')?.series.percentile(0.5, 2_000) ?? 0;

it('an admin switches the profile at run time and the monitor follows the new round trip', async () => {
  expect(await pollUntil(recentP50, (v) => v > 9 && v < 20, 10_000, 100)).toBeLessThan(20);
  expect((await c.client.request('link.stats', { historySeconds: 0 })).lab).toEqual({ profile: '5g-good', profiles: expect.arrayContaining(['5g-good', '4g', 'outage-1s']) });
  expect(await c.client.request('link.profile', { profile: '4g' })).toEqual({ profile: '4g', proxies: 1 });
  expect((await c.client.request('link.stats', { historySeconds: 0 })).lab?.profile).toBe('4g');
  const p50 = await pollUntil(recentP50, (v) => v > 70, 15_000, 100);
  expect(p50).toBeGreaterThan(70);
  expect(await c.client.request('link.profile', { profile: '5g-good' })).toEqual({ profile: '5g-good', proxies: 1 });
  expect(await pollUntil(recentP50, (v) => v < 20, 15_000, 100)).toBeLessThan(20);
  console.log(`link.profile: 4g p50 ${p50.toFixed(1)} ms, back on 5g-good`);
  // Each switch changes every console's link: audited, attempt then outcome, under the admin who made it.
  const { entries } = await c.client.request('audit.recent', { count: 10, kinds: ['config'] });
  const switches = entries.filter((e) => e.target?.command?.startsWith('link profile')).map((e) => [e.target?.command, e.outcome?.result, e.old, e.new, e.who?.user]);
  expect(switches).toEqual(
    expect.arrayContaining([
      ['link profile 4g', 'attempt', '5g-good', undefined, 'admin'],
      ['link profile 4g', 'ok', '5g-good', '4g', 'admin'],
      ['link profile 5g-good', 'ok', '4g', '5g-good', 'admin'],
    ]),
  );
});

it('refuses unknown profiles with the list, and non-admins', async () => {
  const unknown = await c.client.request('link.profile', { profile: 'moon' }).catch((e: unknown) => e);
  expect(unknown).toBeInstanceOf(ContractError);
  expect((unknown as ContractError).code).toBe('bad-request');
  expect((unknown as ContractError).message).toContain('5g-congested');
  const viewer = c.attachClient('not-logged-in');
  const refused = await viewer.request('link.profile', { profile: 'lan' }).catch((e: unknown) => e);
  expect((refused as ContractError).code).toBe('forbidden');
  const stats = await viewer.request('link.stats', {});
  expect(stats.links.map((l) => l.connectionId)).toEqual(['crane-plc']);
  expect(stats.links[0]?.windows.map((w) => w.windowMs)).toEqual([10_000, 60_000, 600_000]);
  const brief = await viewer.request('link.stats', { brief: true, historySeconds: 0 });
  expect(brief.links[0]?.windows.map((w) => w.windowMs)).toEqual([10_000]);
  expect(brief.links[0]?.history).toEqual([]);
  // The engine's clock for the renderer's offset estimate: read access, the engine's own Date.now().
  const before = Date.now();
  const { engineTime } = await viewer.request('link.clock', {});
  expect(engineTime).toBeGreaterThanOrEqual(before);
  expect(engineTime).toBeLessThanOrEqual(Date.now());
});

it('the simulators end on SIGTERM while their control channel is still open (as `start` stops them): not at the SIGKILL after it', async () => {
  const own = await spawnSimulators(['--only', 'crane', '--base-port', '0', '--data-dir', dir, '--link', 'lan', '--control-stdin'], 1);
  try {
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => own.child.once('exit', (code, signal) => resolve({ code, signal })));
    own.child.kill('SIGTERM'); // stdin stays open: `start` ends it only once the child is gone
    const stillRunning = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000).unref());
    expect(await Promise.race([exited, stillRunning])).toEqual({ code: 0, signal: null }); // its own exit, not a kill
  } finally {
    await own.stop(); // kills it, should it still run
  }
}, 30_000);

it('the simulators end by themselves when their control channel closes (the `start` that owned them is gone)', async () => {
  const own = await spawnSimulators(['--only', 'crane', '--base-port', '0', '--data-dir', dir, '--link', 'lan', '--control-stdin'], 1);
  try {
    const exited = new Promise<number | null>((resolve) => own.child.once('exit', (code) => resolve(code)));
    own.child.stdin?.end();
    expect(await exited).toBe(0);
  } finally {
    await own.stop();
  }
}, 30_000);
