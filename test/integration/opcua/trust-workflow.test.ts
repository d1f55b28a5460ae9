/**
 * Secure connection to the rig simulator: fails as untrusted (state failed, reason with subject, thumbprint,
 * validity), succeeds after trusting through the contract, and untrusting drops it. Real server, real PKI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract/errors';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { rigSite, startEngine, type EngineHarness } from '../../support/opcua-engine';
import { startRigSimProcess, type RigSimProcess } from '../../support/rig-sim-process';

let dir: string;
let sim: RigSimProcess;
let harness: EngineHarness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-opcua-trust-'));
  process.env.REC_TEST_RIG_PASSWORD = 'demo-operator-pw';
  sim = await startRigSimProcess({ dataDir: join(dir, 'sim') });
  harness = startEngine(rigSite({ endpoint: sim.url }), join(dir, 'console'));
});

afterAll(async () => {
  await harness?.stop();
  await closeAllPki();
  await sim?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('OPC UA trust workflow', () => {
  it('fails as untrusted-certificate with subject, thumbprint and validity, without retrying', async () => {
    const failed = await harness.waitForState((s) => s.state === 'failed');
    expect(failed.reason?.code).toBe('untrusted-certificate');
    const details = failed.reason?.details ?? {};
    expect(details.code).toBe('certificate-untrusted');
    expect(details.thumbprint).toMatch(/^[0-9a-f]{40}$/);
    expect(details.subject).toContain('CN=rec-console drill-rig simulator');
    expect(new Date(String(details.validFrom)).getTime()).toBeLessThan(Date.now());
    expect(new Date(String(details.validTo)).getTime()).toBeGreaterThan(Date.now());
    expect(harness.states.filter((s) => s.state === 'connecting')).toHaveLength(1);
  });

  it('lists the server certificate as rejected, trusts it, and reconnects without user retry', async () => {
    const failed = harness.states.find((s) => s.state === 'failed');
    const before = await harness.client.request('certs.list', {});
    expect(before.trusted).toEqual([]);
    expect(before.rejected.map((c) => c.thumbprint)).toEqual([failed?.reason?.details?.thumbprint]);

    const thumbprint = String(failed?.reason?.details?.thumbprint).toUpperCase().replace(/(..)(?!$)/g, '$1:'); // as users paste it
    const { certificate } = await harness.client.request('certs.trust', { thumbprint });
    expect(certificate.subject).toContain('CN=rec-console drill-rig simulator');
    const after = await harness.client.request('certs.list', {});
    expect(after.trusted.map((c) => c.thumbprint)).toEqual([certificate.thumbprint]);
    expect(after.rejected).toEqual([]);

    // No explicit retry: trusting the certificate a connection failed on reconnects it.
    await harness.waitForState((s) => s.state === 'connected');
    const depth = harness.engine.signals.find((s) => s.tag === 'depth');
    await expect.poll(() => harness.engine.store.get(depth?.id ?? -1)?.quality, { timeout: 10_000 }).toBe(0);
  });

  it('untrusts by thumbprint, drops the connection that ran on it, and refuses unknown thumbprints with not-found', async () => {
    const { trusted } = await harness.client.request('certs.list', {});
    const thumbprint = trusted[0]?.thumbprint ?? '';
    const supervisor = harness.engine.supervisors.get('rig-ua');
    expect(supervisor?.status.state).toBe('connected');
    await harness.client.request('certs.untrust', { thumbprint });
    const after = await harness.client.request('certs.list', {});
    expect(after.rejected.map((c) => c.thumbprint)).toEqual([thumbprint]);
    // Nothing goes on over a server no longer trusted: the connection is dropped, and connecting again fails as untrusted.
    await expect.poll(() => supervisor?.status, { timeout: 15_000 }).toMatchObject({ state: 'failed', reason: { code: 'untrusted-certificate' } });
    const error = await harness.client.request('certs.trust', { thumbprint: '0'.repeat(40) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).code).toBe('not-found');
    const malformed = await harness.client.request('certs.trust', { thumbprint: 'not-hex' }).catch((e: unknown) => e);
    expect((malformed as ContractError).code).toBe('bad-request');
  });
});
