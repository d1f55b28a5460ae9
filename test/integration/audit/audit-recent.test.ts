/**
 * `audit.recent` against a real engine on the real crane simulator: an operator's ack and shelve of a wind alarm are
 * read back through the request, newest first, filtered by kind, with the user; an operator and a logged-out client
 * are refused; the chain hashes stay in the log. `audit.verify` checks the chain and points at an edited line.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract/errors';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { loginAs } from '../../support/test-users';

const WIND_OVERRIDE = 20; // holding register: simulated wind in tenths of m/s (0 = natural wind)
const KEY = 'sts-crane-1/wind-warning';

let crane: Awaited<ReturnType<typeof startCrane>>;
let c: Console;

beforeAll(async () => {
  crane = await startCrane();
  c = await startConsole(await craneSite(crane.port), 311, 'operator');
  await waitConnected(c);
}, 30_000);

afterAll(async () => {
  await crane?.master.writeRegister(WIND_OVERRIDE, 0).catch(() => undefined);
  await c?.stop();
  await crane?.stop();
});

/** Polls `alarms.list` until the alarm is in `state` (the engine evaluates on the next scan). */
async function untilState(state: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { alarms } = await c.client.request('alarms.list', {});
    if (alarms.find((a) => a.key === KEY)?.state === state) return;
    if (Date.now() > deadline) throw new Error(`${KEY} never became ${state}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The error code of a request that must fail. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ContractError) return error.code;
    throw error;
  }
  throw new Error('the request succeeded');
}

describe('audit.recent', () => {
  it('refuses an operator and a client that is not logged in', async () => {
    expect(await refusal(c.client.request('audit.recent', { count: 10 }))).toBe('forbidden');
    const anonymous = c.attachClient('anonymous');
    expect(await refusal(anonymous.request('audit.recent', { count: 10 }))).toBe('forbidden');
  });

  it('shows the operator’s ack and shelve of a real alarm, newest first, filtered by kind', async () => {
    await crane.master.writeRegister(WIND_OVERRIDE, 230);
    await untilState('unack-active');
    const { alarms } = await c.client.request('alarms.list', {});
    expect(alarms.find((a) => a.key === KEY)?.label).toEqual({ en: 'Wind above 18 m/s', 'zh-CN': '风速超过 18 m/s' }); // the site's message labels travel
    expect((await c.client.request('alarms.ack', { key: KEY })).outcome.status).toBe('ok');
    const shelved = await c.client.request('alarms.shelve', { key: KEY, durationMs: 600_000, reason: 'crane parked for the storm' });
    expect(shelved.outcome.status).toBe('ok');

    const reader = c.attachClient('maintenance-reader');
    await loginAs(reader, 'maintenance');
    const all = await reader.request('audit.recent', { count: 50 });
    expect(all.unreadable).toBe(0);
    const seqs = all.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(all.entries[0]?.kind).toBe('login'); // the maintenance login is the newest entry
    expect(all.entries.every((e) => !('hash' in e) && !('prev' in e))).toBe(true);

    const alarmOnly = await reader.request('audit.recent', { count: 10, kinds: ['alarm-ack', 'alarm-shelve'] });
    expect(alarmOnly.entries.map((e) => e.kind)).toEqual(['alarm-shelve', 'alarm-ack']);
    for (const entry of alarmOnly.entries) {
      expect(entry.who).toMatchObject({ user: 'operator', role: 'operator' });
      expect(entry.target?.equipment).toBe('sts-crane-1');
      expect(entry.outcome?.result).toBe('ok');
    }
    expect(JSON.stringify(alarmOnly.entries[0])).toContain('crane parked for the storm');

    const one = await reader.request('audit.recent', { count: 1, kinds: ['alarm-ack'] });
    expect(one.entries).toHaveLength(1);
    expect(one.entries[0]?.seq).toBe(alarmOnly.entries[1]?.seq);
  });

  it('refuses a bad request with a clear error', async () => {
    const admin = c.attachClient('admin-reader');
    await loginAs(admin, 'admin');
    expect(await refusal(admin.request('audit.recent', { count: 0 }))).toBe('bad-request');
    expect(await refusal(admin.request('audit.recent', { count: 5, kinds: ['no-such-kind' as 'login'] }))).toBe('bad-request');
    expect((await admin.request('audit.recent', { count: 5 })).entries.length).toBeGreaterThan(0);
  });
});

describe('audit.verify', () => {
  it('finds the whole chain intact, then names the file and line of an entry changed on disk; an operator is refused', async () => {
    expect(await refusal(c.client.request('audit.verify', {}))).toBe('forbidden');
    const reader = c.attachClient('maintenance-verifier');
    await loginAs(reader, 'maintenance');
    const intact = await reader.request('audit.verify', {});
    expect(intact.ok).toBe(true);
    expect(intact.count).toBeGreaterThan(3); // logins, the ack and the shelve above
    expect(intact.lastSeq).toBe(intact.count);
    // Someone edits the shelve's reason in the file: the check points at that line.
    const file = join(c.dataDir, 'audit', intact.files.at(-1) as string);
    const lines = (await readFile(file, 'utf8')).split('\n');
    const at = lines.findIndex((l) => l.includes('crane parked for the storm'));
    expect(at).toBeGreaterThanOrEqual(0);
    lines[at] = (lines[at] as string).replace('crane parked for the storm', 'crane parked for the night');
    await writeFile(file, lines.join('\n'));
    const broken = await reader.request('audit.verify', {});
    expect(broken).toMatchObject({ ok: false, problem: { file: intact.files.at(-1), line: at + 1, kind: 'edited' } });
    expect(broken.count).toBe(at);
  });
});
