/**
 * Bad inputs against real servers: unreachable endpoint, wrong or missing password, expired server certificate,
 * no endpoint with the requested security, X.509 users (trusted, untrusted, unreadable). Each ends in a clear state and reason; the engine keeps running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiteFile } from '../../../shared/site/schema';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openPki } from '../../../main/engine/drivers/opcua/pki';
import { writeExpiredRigCertificate } from '../../support/expired-certificate';
import { createUserCertificate, trustUserOnRigSim } from '../../support/user-certificate';
import { startEngine, type EngineHarness } from '../../support/opcua-engine';
import { TEST_USERS } from '../../support/test-users';
import { startRigSimProcess, type RigSimProcess } from '../../support/rig-sim-process';

let dir: string;
let sim: RigSimProcess;
let expiredSim: RigSimProcess;
let harness: EngineHarness;

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const secure = { mode: 'SignAndEncrypt', policy: 'Basic256Sha256' };
const connection = (id: string, endpoint: string, extra: Record<string, unknown> = {}) => ({
  id,
  protocol: 'opcua',
  endpoint,
  security: { mode: 'None', policy: 'None' },
  connectRetries: 1,
  backoff: { initialMs: 200, maxMs: 400 },
  timeoutMs: 3000,
  ...extra,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-opcua-bad-'));
  process.env.REC_TEST_RIG_PASSWORD = 'demo-operator-pw';
  process.env.REC_TEST_WRONG_PASSWORD = 'not-the-password';
  delete process.env.REC_TEST_UNSET_PASSWORD;
  await writeExpiredRigCertificate(join(dir, 'expired-sim'));
  const [knownUser, unknownUser] = [await createUserCertificate(join(dir, 'user-known'), 'driller'), await createUserCertificate(join(dir, 'user-unknown'), 'stranger')];
  trustUserOnRigSim(join(dir, 'sim'), knownUser, 'driller');
  [sim, expiredSim] = await Promise.all([startRigSimProcess({ dataDir: join(dir, 'sim') }), startRigSimProcess({ dataDir: join(dir, 'expired-sim') })]);
  // The X.509-user connections need a secure channel: trust the simulator up front (the workflow itself is tested elsewhere).
  const simCertificate = new X509Certificate(readFileSync(join(dir, 'sim', 'sim-rig-pki', 'own', 'certs', 'certificate.pem'))).raw;
  await (await openPki(join(dir, 'console'))).trustCertificate(simCertificate);
  const site = SiteFile.parse({
    site: { name: 'bad inputs' },
    connections: [
      connection('unreachable', `opc.tcp://127.0.0.1:${await closedPort()}`),
      connection('wrong-password', sim.url, { user: { kind: 'username', name: 'operator', passwordEnv: 'REC_TEST_WRONG_PASSWORD' } }),
      connection('no-password', sim.url, { user: { kind: 'username', name: 'operator', passwordEnv: 'REC_TEST_UNSET_PASSWORD' } }),
      connection('no-endpoint', sim.url, { security: { mode: 'Sign', policy: 'Basic256', allowObsolete: true } }),
      connection('expired', expiredSim.url, { security: secure }),
      connection('x509-user', sim.url, { security: secure, user: { kind: 'certificate', ...knownUser } }),
      connection('x509-unknown-user', sim.url, { security: secure, user: { kind: 'certificate', ...unknownUser } }),
      connection('x509-missing-file', sim.url, { security: secure, user: { kind: 'certificate', certFile: join(dir, 'nope.pem'), keyFile: join(dir, 'nope.key') } }),
      connection('good', sim.url, { user: { kind: 'username', name: 'operator', passwordEnv: 'REC_TEST_RIG_PASSWORD' } }),
    ],
    equipment: [{ id: 'rig', name: 'Rig', type: 'drill-rig', connection: 'good', tags: { depth: { address: 'ns=1;s=Rig.Depth', type: 'float64' } } }],
    users: TEST_USERS, // trusting a certificate is an admin's act
  });
  harness = startEngine(site, join(dir, 'console'));
});

afterAll(async () => {
  await harness?.stop();
  await closeAllPki();
  await Promise.all([sim?.kill(), expiredSim?.kill()]);
  rmSync(dir, { recursive: true, force: true });
});

const finalState = (connectionId: string) => harness.waitForState((s) => s.connectionId === connectionId && (s.state === 'failed' || s.state === 'connected'));

describe('OPC UA bad inputs', () => {
  it('an unreachable endpoint retries a bounded number of times, then fails with the reason', async () => {
    const status = await finalState('unreachable');
    expect(status).toMatchObject({ state: 'failed', reason: { code: 'connect-failed', details: { code: 'unreachable' } } });
    const seen = harness.states.filter((s) => s.connectionId === 'unreachable').map((s) => s.state);
    expect(seen).toEqual(['connecting', 'backoff', 'connecting', 'failed']);
  });

  it('a wrong password fails at once as auth-failed, never showing the password', async () => {
    const status = await finalState('wrong-password');
    expect(status).toMatchObject({ state: 'failed', reason: { code: 'auth-failed' } });
    expect(status.reason?.message).toContain('operator');
    expect(JSON.stringify(harness.states)).not.toContain('not-the-password');
    expect(JSON.stringify(harness.log.entries)).not.toContain('not-the-password');
    expect(harness.states.filter((s) => s.connectionId === 'wrong-password' && s.state === 'connecting')).toHaveLength(1);
  });

  it('a missing password names the environment variable to set', async () => {
    const status = await finalState('no-password');
    expect(status).toMatchObject({ state: 'failed', reason: { code: 'auth-failed', details: { code: 'password-missing' } } });
    expect(status.reason?.message).toContain('REC_TEST_UNSET_PASSWORD');
  });

  it('a security the server does not offer is refused, listing what it offers', async () => {
    const status = await finalState('no-endpoint');
    expect(status).toMatchObject({ state: 'failed', reason: { code: 'connect-failed', details: { code: 'no-matching-endpoint' } } });
    expect(status.reason?.message).toContain('SignAndEncrypt/Basic256Sha256');
  });

  it('an expired server certificate fails even once trusted, and says so', async () => {
    const first = await finalState('expired');
    expect(first.reason?.code).toBe('untrusted-certificate');
    expect(first.reason?.details?.expired).toBe(true);
    await harness.loggedIn;
    await harness.client.request('certs.trust', { thumbprint: String(first.reason?.details?.thumbprint) });
    await harness.client.request('connections.retry', { connectionId: 'expired' });
    const second = await harness.waitForState((s) => s.connectionId === 'expired' && s.state === 'failed' && s !== first);
    expect(second.reason).toMatchObject({ code: 'untrusted-certificate', details: { code: 'certificate-expired', subject: 'CN=expired rig simulator' } });
  });

  it('an X.509 user connects when the server trusts its certificate, and is refused otherwise', async () => {
    expect((await finalState('x509-user')).state).toBe('connected');
    const unknown = await finalState('x509-unknown-user');
    expect(unknown).toMatchObject({ state: 'failed', reason: { code: 'auth-failed' } });
    expect(unknown.reason?.message).toContain('is the user certificate trusted by the server?');
    expect(await finalState('x509-missing-file')).toMatchObject({ state: 'failed', reason: { code: 'auth-failed', details: { code: 'user-certificate-unreadable' } } });
  });

  it('the engine keeps running: the good connection is connected and requests are answered', async () => {
    expect((await finalState('good')).state).toBe('connected');
    const { connections } = await harness.client.request('connections.list', {});
    expect(connections).toHaveLength(9);
    const depth = await harness.client.request('opcua.read', { connectionId: 'good', nodeId: 'ns=1;s=Rig.Depth', attribute: 'Value' });
    expect(depth.attributes[0]?.status).toBe('Good');
    const notConnected = await harness.client.request('opcua.read', { connectionId: 'wrong-password', nodeId: 'i=85' }).catch((e: unknown) => e);
    expect(notConnected).toMatchObject({ code: 'not-connected' });
  });
});
