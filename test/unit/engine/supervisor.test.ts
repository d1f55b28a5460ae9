import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../main/engine/engine';
import { DriverError } from '../../../main/engine/drivers/driver-error';
import { createMemoryLogger } from '../../../main/engine/log';
import type { ConnectionState } from '../../../shared/contract/events';
import { createInMemoryCarrierPair } from '../../../shared/contract/carriers/carrier';
import { ContractClient } from '../../../shared/contract/client';
import { FakeDriverControl } from '../../support/fake-driver';
import { smallSite } from '../../support/sites';
import { loginAs, TEST_USERS } from '../../support/test-users';

let engine: Engine | undefined;
afterEach(async () => engine?.stop());
// Each run's stores (alarms, audit, history) in a folder of its own: a shared folder would carry one run's alarm
// state into the next.
const dataDir = mkdtempSync(join(tmpdir(), 'rec-supervisor-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startEngine(control: FakeDriverControl, protocol: 'modbus-tcp' | 'opcua' = 'modbus-tcp') {
  const states: ConnectionState[] = [];
  engine = new Engine({ site: smallSite(2, protocol), siteFile: 'test.yaml', dataDir, factories: control.table(), log: createMemoryLogger() });
  const supervisor = engine.supervisors.get('plc')!;
  const original = engine.broadcast.bind(engine);
  engine.broadcast = (name, body) => {
    if (name === 'connection.state') states.push((body as { state: ConnectionState }).state);
    original(name, body);
  };
  engine.start();
  return { states, supervisor };
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('connection supervisor', () => {
  it('walks connecting → connected, then backoff → connected after the link is lost', async () => {
    const control = new FakeDriverControl();
    const { states, supervisor } = startEngine(control);
    await until(() => supervisor.status.state === 'connected');
    control.loseLink();
    await until(() => states.filter((s) => s === 'connected').length === 2);
    expect(states).toEqual(['connecting', 'connected', 'backoff', 'connecting', 'connected']);
    expect(supervisor.status.reason).toBeUndefined();
  });

  it('a second reconnect asked while the first still closes the driver is the same loss: one reconnect, no driver left open', async () => {
    const control = new FakeDriverControl();
    control.closeDelayMs = 300; // an OPC UA close may take seconds
    const { states, supervisor } = startEngine(control);
    await until(() => supervisor.status.state === 'connected');
    const silent = new DriverError('link-lost', 'link-silent', 'the device does not answer (test)');
    supervisor.reconnect(silent);
    supervisor.reconnect(silent); // the link monitor asks again before the close ended
    await until(() => control.closes >= 1 && supervisor.status.state === 'connected', 5000);
    await new Promise((resolve) => setImmediate(resolve)); // whatever the first close's end set off has run
    expect(states).toEqual(['connecting', 'connected', 'backoff', 'connecting', 'connected']);
    expect(control.connects).toBe(2);
    await engine?.stop();
    expect(control.closes).toBe(control.connects); // every driver closed
  });

  it('is connected only once the device answered: an open socket that nothing answers stays in backoff', async () => {
    const control = new FakeDriverControl();
    control.answers = false;
    const { states, supervisor } = startEngine(control);
    await until(() => states.filter((s) => s === 'backoff').length >= 2, 10_000); // each attempt waits a timeout for any answer
    expect(states).not.toContain('connected');
    expect(supervisor.status.reason).toMatchObject({ code: 'timeout', details: { code: 'test-no-answer' } });
    expect(supervisor.activeDriver).toBeUndefined(); // nothing may be commanded on it
    control.answers = true;
    await until(() => supervisor.status.state === 'connected');
    expect(control.closes).toBe(control.connects - 1); // each unanswered attempt's driver was closed
  });

  it('a loss the driver reports while the first probe is out fails that attempt: never connected on a dead subscription', async () => {
    const control = new FakeDriverControl();
    control.duringProbe = () => {
      control.duringProbe = undefined;
      control.loseLink(); // a subscription died while the probe's read was out; the driver reports a loss once
    };
    const { states, supervisor } = startEngine(control, 'opcua');
    await until(() => supervisor.status.state === 'connected');
    expect(states).toEqual(['connecting', 'backoff', 'connecting', 'connected']);
    expect(control.connects).toBe(2);
  });

  it('a stop while a connect waits for its first answer ends the wait at once (it may last a timeout per unit)', async () => {
    const control = new FakeDriverControl();
    control.answers = false;
    let probed = false;
    control.duringProbe = () => (probed = true);
    const site = smallSite(2, 'modbus-tcp');
    const slow = { ...site, connections: site.connections.map((c) => ({ ...c, timeoutMs: 60_000 })) } as typeof site; // a minute's wait
    const log = createMemoryLogger();
    engine = new Engine({ site: slow, siteFile: 'test.yaml', dataDir, factories: control.table(), log });
    engine.start();
    await until(() => probed);
    await engine.stop();
    // The attempt ends with the stop (and says why), not a minute later with a timer holding the process.
    await until(() => log.entries.some((e) => e.code === 'conn.timeout'), 5000);
    expect(engine.supervisors.get('plc')?.status.state).toBe('disconnected');
    expect(control.closes).toBe(control.connects);
    engine = undefined;
  }, 10_000);

  it.each([
    ['Modbus, a loss reported while the probe was out', 'modbus-tcp', true],
    ['OPC UA (nothing but the probe answers while connecting)', 'opcua', false],
  ] as const)('an unanswered first probe fails the attempt at once when nothing else may answer: %s', async (_, protocol, lose) => {
    const control = new FakeDriverControl();
    control.answers = false;
    if (lose) control.duringProbe = () => control.loseLink();
    const site = smallSite(2, protocol);
    const slow = { ...site, connections: site.connections.map((c) => ({ ...c, timeoutMs: 60_000 })) } as typeof site; // a wait would last minutes
    const states: string[] = [];
    engine = new Engine({ site: slow, siteFile: 'test.yaml', dataDir, factories: control.table(), log: createMemoryLogger() });
    const original = engine.broadcast.bind(engine);
    engine.broadcast = (name, body) => {
      if (name === 'connection.state') states.push((body as { state: string }).state);
      original(name, body);
    };
    engine.start();
    await until(() => states.includes('backoff'), 5000);
    expect(states).not.toContain('connected');
  });

  it('keeps retrying a Modbus link with backoff and records why', async () => {
    const control = new FakeDriverControl();
    control.connectFailures = [1, 2, 3, 4, 5].map(() => new DriverError('connect-failed', 'ECONNREFUSED', 'connection refused'));
    const { states, supervisor } = startEngine(control);
    await until(() => supervisor.status.state === 'connected');
    expect(states.filter((s) => s === 'backoff')).toHaveLength(5);
    expect(control.connects).toBe(6);
  });

  it('gives up an OPC UA first connect after its bounded retries and reports the reason', async () => {
    const control = new FakeDriverControl();
    control.connectFailures = [1, 2, 3, 4].map(() => new DriverError('connect-failed', 'ECONNREFUSED', 'connection refused'));
    const { supervisor } = startEngine(control, 'opcua');
    await until(() => supervisor.status.state === 'failed');
    expect(control.connects).toBe(3); // first try + connectRetries (2)
    expect(supervisor.status.reason?.message).toBe('connection refused');
  });

  it('fails at once on an untrusted certificate and connects after retry()', async () => {
    const control = new FakeDriverControl();
    control.connectFailures = [new DriverError('untrusted-certificate', 'BadCertificateUntrusted', 'server certificate is not trusted', { thumbprint: 'AB' })];
    const { supervisor } = startEngine(control, 'opcua');
    await until(() => supervisor.status.state === 'failed');
    expect(supervisor.status.reason?.code).toBe('untrusted-certificate');
    expect(supervisor.status.reason?.details).toMatchObject({ thumbprint: 'AB' });
    supervisor.retry();
    await until(() => supervisor.status.state === 'connected');
  });

  it('honours a retry at most once per the backoff\'s initial delay: a client calling it in a loop cannot hammer the device', async () => {
    const control = new FakeDriverControl();
    control.connectFailures = Array.from({ length: 10_000 }, () => new DriverError('connect-failed', 'ECONNREFUSED', 'connection refused'));
    const site = smallSite(1);
    const connection = site.connections[0]!;
    connection.backoff = { ...connection.backoff, initialMs: 200, maxMs: 5_000 };
    engine = new Engine({ site, siteFile: 'test.yaml', dataDir, factories: control.table(), log: createMemoryLogger() });
    const supervisor = engine.supervisors.get('plc')!;
    engine.start();
    await until(() => supervisor.status.state === 'backoff');
    const honoured: boolean[] = [];
    const end = performance.now() + 500;
    while (performance.now() < end) {
      honoured.push(supervisor.retry() === 'retried');
      await new Promise((r) => setImmediate(r));
    }
    // 500 ms at one retry per 200 ms: three honoured at most, each followed by at most one attempt of the backoff's own.
    expect(honoured.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(honoured.filter(Boolean).length).toBeLessThanOrEqual(3);
    expect(control.connects).toBeLessThanOrEqual(8);
  });

  it('spaces client retries by a second at most, whatever the initial delay, and always lets the engine\'s own retry after a trust change go', async () => {
    const control = new FakeDriverControl();
    control.connectFailures = Array.from({ length: 100 }, () => new DriverError('connect-failed', 'ECONNREFUSED', 'connection refused'));
    const site = smallSite(1);
    const connection = site.connections[0]!;
    connection.backoff = { ...connection.backoff, initialMs: 3_600_000, maxMs: 3_600_000 }; // a site that backs off for an hour
    let now = 0;
    engine = new Engine({ site, siteFile: 'test.yaml', dataDir, factories: control.table(), log: createMemoryLogger() });
    const supervisor = engine.supervisors.get('plc')!;
    (supervisor as unknown as { options: { now: () => number } }).options.now = () => now;
    engine.start();
    await until(() => supervisor.status.state === 'backoff');
    expect(supervisor.retry()).toBe('retried');
    await until(() => supervisor.status.state === 'backoff');
    expect(supervisor.retry()).toBe('too-soon'); // at once again: ignored
    expect(supervisor.retry({ force: true })).toBe('retried'); // the engine's own, after a certificate was trusted
    await until(() => supervisor.status.state === 'backoff');
    now += 1_001;
    expect(supervisor.retry()).toBe('retried'); // a second later, not an hour
  });

  it('tells a client whether its retry was made, and why not', async () => {
    const control = new FakeDriverControl();
    control.connectFailures = Array.from({ length: 100 }, () => new DriverError('connect-failed', 'ECONNREFUSED', 'connection refused'));
    const site = { ...smallSite(1), users: TEST_USERS };
    const connection = site.connections[0]!;
    connection.backoff = { ...connection.backoff, initialMs: 3_600_000, maxMs: 3_600_000 };
    engine = new Engine({ site, siteFile: 'test.yaml', dataDir, factories: control.table(), log: createMemoryLogger() });
    const [clientSide, engineSide] = createInMemoryCarrierPair();
    engine.attach(engineSide, 'diagnostics');
    const client = new ContractClient(clientSide);
    engine.start();
    await loginAs(client, 'viewer');
    const supervisor = engine.supervisors.get('plc')!;
    await until(() => supervisor.status.state === 'backoff');
    await expect(client.request('connections.retry', { connectionId: 'plc' })).resolves.toEqual({ retried: true });
    await until(() => supervisor.status.state === 'backoff');
    await expect(client.request('connections.retry', { connectionId: 'plc' })).resolves.toEqual({ retried: false, notRetried: 'too-soon' });
    control.connectFailures = [];
    expect(supervisor.retry({ force: true })).toBe('retried');
    await until(() => supervisor.status.state === 'connected');
    await expect(client.request('connections.retry', { connectionId: 'plc' })).resolves.toEqual({ retried: false, notRetried: 'not-needed' });
  });

  it('shows degraded while the driver reports partial trouble, connected again when it clears', async () => {
    const control = new FakeDriverControl();
    const { states, supervisor } = startEngine(control);
    await until(() => supervisor.status.state === 'connected');
    control.current!.reportDegraded!(new DriverError('timeout', 'modbus-unit-silent', 'unit 2 does not answer'));
    expect(supervisor.status).toMatchObject({ state: 'degraded', reason: { code: 'timeout', message: 'unit 2 does not answer' } });
    control.current!.reportDegraded!(undefined);
    expect(states.slice(-3)).toEqual(['connected', 'degraded', 'connected']);
  });

  it('marks values stale when the link is lost, keeping the last value', async () => {
    const control = new FakeDriverControl();
    control.connectFailures = [];
    const { supervisor } = startEngine(control);
    await until(() => supervisor.status.state === 'connected');
    control.emit((i) => 10 + i);
    expect(engine!.store.get(0)).toMatchObject({ value: 10, quality: 0 });
    control.connectFailures = [new DriverError('connect-failed', 'x', 'refused')];
    control.loseLink();
    expect(engine!.store.get(0)).toMatchObject({ value: 10, quality: 2 });
  });
});
