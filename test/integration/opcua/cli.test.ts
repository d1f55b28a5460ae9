/**
 * The CLI against a real rig simulator, run in-process: the untrusted → certs trust workflow (audited), read/write with
 * named errors, browse, ping, and `sim --only rig`. Errors are one line and a non-zero exit, never a stack trace.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../main/cli/main';
import { startSimulators } from '../../../main/cli/commands/sim';
import { startRigSimProcess, type RigSimProcess } from '../../support/rig-sim-process';
import { auditEntries } from '../../support/audit-entries';

let dir: string;
let sim: RigSimProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-opcua-cli-'));
  sim = await startRigSimProcess({ dataDir: join(dir, 'sim') });
  process.env.REC_OPCUA_PASSWORD = 'demo-operator-pw';
});

afterAll(async () => {
  delete process.env.REC_OPCUA_PASSWORD;
  await sim?.kill();
  rmSync(dir, { recursive: true, force: true });
});

const asOperator = ['--user', 'operator'];

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--data-dir', join(dir, 'console')], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('rec-console OPC UA commands', () => {
  it('refuses an untrusted server with the thumbprint to trust, then works after certs trust', async () => {
    const refused = await cli('read', sim.url, 'ns=1;s=Rig.HoleId');
    expect(refused.code).toBe(1);
    expect(refused.err).toHaveLength(1);
    const thumbprint = /certs trust ([0-9a-f]{40})/.exec(refused.err[0] ?? '')?.[1];
    expect(thumbprint).toBeDefined();
    const listed = await cli('certs', 'list');
    expect(listed.out).toEqual([expect.stringMatching(new RegExp(`^rejected ${thumbprint} .*CN=rec-console drill-rig simulator`))]);
    // A trust change is audited, so it needs the data folder's audit log: while a console runs on the folder (its
    // writer lock held by a live process) it is refused in one line, and nothing changes.
    const auditDir = join(dir, 'console', 'audit');
    mkdirSync(auditDir, { recursive: true });
    writeFileSync(join(auditDir, '.lock'), String(process.ppid));
    const locked = await cli('certs', 'trust', thumbprint ?? '');
    expect(locked).toMatchObject({ code: 1, out: [] });
    expect(locked.err).toEqual([expect.stringMatching(/^rec-console: The audit log cannot record this trust change; nothing was changed \(.*in use by process \d+\); while the console runs on this data folder, change trust in it/)]);
    expect((await cli('certs', 'list')).out).toEqual([expect.stringMatching(/^rejected /)]);
    rmSync(join(auditDir, '.lock'));
    // Any other reason the log cannot record it is said as it is, without blaming a console.
    rmSync(auditDir, { recursive: true });
    writeFileSync(auditDir, 'not a folder');
    const unwritable = await cli('certs', 'trust', thumbprint ?? '');
    expect(unwritable).toMatchObject({ code: 1, out: [] });
    expect(unwritable.err).toEqual([expect.stringMatching(/^rec-console: The audit log cannot record this trust change; nothing was changed \(.+\)$/)]);
    rmSync(auditDir);
    expect((await cli('certs', 'trust', thumbprint ?? '')).code).toBe(0);
    const trustRecords = (await auditEntries(join(dir, 'console'))).filter((e) => e.kind === 'trust');
    expect(trustRecords.map((e) => [e.outcome?.result, e.who?.user, e.who?.console])).toEqual([
      ['attempt', userInfo().username, `cli@${hostname()}`],
      ['ok', userInfo().username, `cli@${hostname()}`],
    ]);
    const read = await cli('read', sim.url, 'ns=1;s=Rig.HoleId', '--user', 'operator');
    expect(read).toEqual({ code: 0, out: ['ns=1;s=Rig.HoleId "H-001"'], err: [] });
    const json = await cli('read', sim.url, 'ns=1;s=Rig.Setpoints.FeedForce', '--json');
    expect(JSON.parse(json.out[0] ?? '{}')).toEqual({ url: sim.url, values: [{ address: 'ns=1;s=Rig.Setpoints.FeedForce', value: 40 }] });
  });

  it('writes, and reports refused writes by status name with exit 1', async () => {
    // The rig lets anonymous sessions read only; writes log in as the demo operator.
    const anonymous = await cli('write', sim.url, 'ns=1;s=Rig.HoleId', 'H-9', '--type', 'String');
    expect(anonymous.code).toBe(1);
    expect(anonymous.err[0]).toContain('BadUserAccessDenied');
    expect(await cli('write', sim.url, 'ns=1;s=Rig.ControlOwner', '5', ...asOperator)).toMatchObject({ code: 0 });
    expect(await cli('write', sim.url, 'ns=1;s=Rig.Setpoints.RotationSpeed', '120', ...asOperator)).toMatchObject({ code: 0, out: ['ns=1;s=Rig.Setpoints.RotationSpeed 120 ok'] });
    const readOnly = await cli('write', sim.url, 'ns=1;s=Rig.Depth', '1', ...asOperator);
    expect(readOnly.code).toBe(1);
    expect(readOnly.err[0]).toMatch(/^rec-console: write ns=1;s=Rig.Depth: BadNotWritable/);
    expect((await cli('write', sim.url, 'ns=1;s=Rig.Depth', 'x', '--type', 'String', ...asOperator)).err[0]).toContain('BadNotWritable');
    expect((await cli('write', sim.url, 'ns=1;s=Rig.Setpoints.FeedForce', 'x', '--type', 'String', ...asOperator)).err[0]).toContain('BadTypeMismatch');
    expect((await cli('write', sim.url, 'ns=1;s=Rig.Nope', '1', '--type', 'Double', ...asOperator)).err[0]).toContain('BadNodeIdUnknown');
  });

  it('writes and prints 64-bit integers exactly, DateTime as ISO 8601, ByteString as hex; refuses Float out of range', async () => {
    expect(await cli('write', sim.url, 'ns=1;s=Edge.Int64', '-9223372036854775808', ...asOperator)).toMatchObject({ code: 0 });
    expect((await cli('read', sim.url, 'ns=1;s=Edge.Int64')).out).toEqual(['ns=1;s=Edge.Int64 -9223372036854775808']);
    expect(JSON.parse((await cli('read', sim.url, 'ns=1;s=Edge.UInt64', '--json')).out[0] ?? '{}').values[0].value).toBe('18446744073709551615');
    expect(await cli('write', sim.url, 'ns=1;s=Edge.DateTime', '2025-01-02T03:04:05.006Z', ...asOperator)).toMatchObject({ code: 0 });
    expect((await cli('read', sim.url, 'ns=1;s=Edge.DateTime')).out).toEqual(['ns=1;s=Edge.DateTime "2025-01-02T03:04:05.006Z"']);
    expect(await cli('write', sim.url, 'ns=1;s=Edge.ByteString', 'c0ffee', ...asOperator)).toMatchObject({ code: 0 });
    expect((await cli('read', sim.url, 'ns=1;s=Edge.ByteString')).out).toEqual(['ns=1;s=Edge.ByteString "c0ffee"']);
    const tooBig = await cli('write', sim.url, 'ns=1;s=Edge.Float', '1e39', ...asOperator);
    expect(tooBig).toMatchObject({ code: 1, err: ['rec-console: write ns=1;s=Edge.Float: BadTypeMismatch (1e39 is out of range for Float (±3.4028234663852886e38))'] });
    const help: string[] = [];
    await main(['write', '--help'], { out: (l) => help.push(l), err: (l) => help.push(l) }).catch(() => undefined);
    expect(help.join('\n')).toMatch(/ByteString as hex/);
  });

  it('rejects malformed NodeIds and obsolete policies before connecting (exit 2)', async () => {
    const bad = await cli('read', sim.url, 'ns=1;q=Rig');
    expect(bad).toMatchObject({ code: 2, out: [] });
    expect(bad.err[0]).toContain('is not an OPC UA NodeId');
    const obsolete = await cli('read', sim.url, 'i=2258', '--security', 'Sign', '--policy', 'Basic128Rsa15');
    expect(obsolete.code).toBe(2);
    expect(obsolete.err[0]).toContain('obsolete');
  });

  it('browses from Objects to the rig variables', async () => {
    const { code, out } = await cli('browse', sim.url, '--depth', '2', '--security', 'None');
    expect(code).toBe(0);
    expect(out).toContain('ns=1;s=Rig Object 1:DrillRig');
    expect(out).toContain('  ns=1;s=Rig.Depth Variable 1:Depth');
    const rig = await cli('browse', sim.url, 'ns=1;s=Rig.Setpoints', '--json');
    expect(JSON.parse(rig.out[0] ?? '{}').nodes.map((n: { browseName: string }) => n.browseName)).toEqual(['1:RotationSpeed', '1:FeedForce', '1:MastAngle']);
  });

  it('pings, and fails cleanly on a wrong password and an unreachable server', async () => {
    const ping = await cli('ping', sim.url, '--count', '3', '--interval', '10', '--user', 'operator');
    expect(ping.code).toBe(0);
    expect(ping.out).toContain('3 sent, 3 received, 0.0% loss');
    process.env.REC_OPCUA_PASSWORD = 'wrong';
    const wrong = await cli('ping', sim.url, '--count', '1', '--user', 'operator');
    process.env.REC_OPCUA_PASSWORD = 'demo-operator-pw';
    expect(wrong).toMatchObject({ code: 1, err: ['rec-console: the server rejected user operator (wrong user name or password?)'] });
    const unreachable = await cli('ping', 'opc.tcp://127.0.0.1:1', '--count', '1');
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toHaveLength(1);
    expect(unreachable.err[0]).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('`sim --only rig` starts the rig simulator on an ephemeral port', async () => {
    const running = await startSimulators({ only: 'rig', host: '127.0.0.1', basePort: '0', dataDir: join(dir, 'sim2') });
    try {
      expect(running.map((s) => s.name)).toEqual(['rig']);
      expect(running[0]?.url).toMatch(/^opc\.tcp:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await Promise.all(running.map((s) => s.close()));
    }
  });
});
