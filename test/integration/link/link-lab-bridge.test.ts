/**
 * `link.profile` when the engine runs in another process than `start` (Electron's engine host): `start` holds the
 * `sim` child's control channel and serves it on a loopback port with a one-time token; the engine reads both from
 * its environment. Here the engine runs in this process (Electron cannot run on this machine) but takes the same
 * path: environment → loopback channel → `start`'s handle → the sim child's proxies. Admin only; token required.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveLinkLabBridge, type LinkLabBridge } from '../../../main/cli/link-bridge';
import { childLinkLab } from '../../../main/cli/link-control';
import { spawnSimulators, type SimProcess } from '../../../main/cli/sim-process';
import { LINK_LAB_ENV, linkLabFromEnv, remoteLinkLab } from '../../../main/engine/link/remote-link-lab';
import { ContractError } from '../../../shared/contract/errors';
import { craneSite, startConsole, waitConnected, type Console } from '../../support/crane-console';
import { loginAs } from '../../support/test-users';
import { pollUntil } from '../sim/sim-clients';

const dir = mkdtempSync(join(tmpdir(), 'rec-link-bridge-'));
let sims: SimProcess;
let bridge: LinkLabBridge;
let c: Console;
const env: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  sims = await spawnSimulators(['--only', 'crane', '--base-port', '0', '--data-dir', dir, '--link', '5g-good', '--link-seed', '7', '--control-stdin'], 1);
  bridge = await serveLinkLabBridge(childLinkLab(sims));
  Object.assign(env, bridge.env);
  const port = Number(/:(\d+)/.exec(sims.endpoints.get('crane') ?? '')?.[1]);
  const linkLab = linkLabFromEnv(env);
  c = await startConsole(await craneSite(port), 341, 'admin', 'console-electron', linkLab ? { linkLab } : {});
  await waitConnected(c);
}, 60_000);

afterAll(async () => {
  await c?.stop();
  await bridge?.close();
  await sims?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const recentP50 = async () => c.engine.link.monitor('crane-plc')?.series.percentile(0.5, 2_000) ?? 0;

it('the channel is loopback-only, and its variables do not outlive the engine host reading them', () => {
  expect(bridge.env[LINK_LAB_ENV.endpoint]).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(bridge.env[LINK_LAB_ENV.token]?.length).toBeGreaterThanOrEqual(32);
  expect(env[LINK_LAB_ENV.endpoint]).toBeUndefined();
  expect(env[LINK_LAB_ENV.token]).toBeUndefined();
  expect(() => remoteLinkLab('10.1.2.3:4000', 'x')).toThrow(/loopback/);
  expect(() => remoteLinkLab('example.com:4000', 'x')).toThrow(/loopback/);
});

it('an admin switches the profile through the channel and the monitor follows the new round trip', async () => {
  expect(await pollUntil(recentP50, (v) => v > 9 && v < 20, 10_000, 100)).toBeLessThan(20);
  expect(await c.client.request('link.profile', { profile: '4g' })).toEqual({ profile: '4g', proxies: 1 });
  expect((await c.client.request('link.stats', { brief: true })).lab?.profile).toBe('4g'); // what the Link page shows
  expect(await pollUntil(recentP50, (v) => v > 70, 15_000, 100)).toBeGreaterThan(70);
  expect(await c.client.request('link.profile', { profile: '5g-good' })).toEqual({ profile: '5g-good', proxies: 1 });
  expect(await pollUntil(recentP50, (v) => v < 20, 15_000, 100)).toBeLessThan(20);
});

it('refuses a wrong token, and non-admins before the channel is used', async () => {
  const endpoint = bridge.env[LINK_LAB_ENV.endpoint] ?? '';
  const acks: string[] = [];
  const off = sims.onLine((line) => void (line.startsWith('# profile') && acks.push(line)));
  const forged = await remoteLinkLab(endpoint, 'not-the-token').setProfile('4g').catch((e: unknown) => e);
  expect(forged).toBeInstanceOf(ContractError);
  expect((forged as ContractError).message).toContain('unauthorized');
  // The forged switch never reached the simulators: the next line they print is the admin's own switch.
  expect(await c.client.request('link.profile', { profile: '5g-good' })).toEqual({ profile: '5g-good', proxies: 1 });
  off();
  expect(acks).toEqual(['# profile 5g-good 1']);
  const operator = c.attachClient('operator-screen');
  await loginAs(operator, 'operator');
  const refused = await operator.request('link.profile', { profile: 'lan' }).catch((e: unknown) => e);
  expect((refused as ContractError).code).toBe('forbidden');
});
