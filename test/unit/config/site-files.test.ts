/**
 * An OPC UA user's certificate and key named relative to the site file are found from the site file's folder, whatever
 * the working directory; one that cannot be read is refused at load at its line and column (it only failed at connect).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadSiteFile } from '../../../main/engine/config/load-site';
import { formatSiteErrors } from '../../../shared/site/parse';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SITE = `site:
  name: Certificate user
connections:
  - id: rig
    protocol: opcua
    endpoint: opc.tcp://127.0.0.1:4840
    security: { mode: Sign, policy: Basic256Sha256 }
    user: { kind: certificate, certFile: certs/user.pem, keyFile: certs/user.key }
equipment:
  - id: rig
    name: Rig
    type: drill-rig
    connection: rig
    tags:
      depth: { address: "ns=1;s=Depth", type: float64 }
`;

function siteDir(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rec-site-files-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'certs'));
  for (const file of files) writeFileSync(join(dir, 'certs', file), 'x');
  writeFileSync(join(dir, 'site.yaml'), SITE);
  return dir;
}

it('resolves relative certificate paths against the site file, not the working directory', async () => {
  const dir = siteDir(['user.pem', 'user.key']);
  const result = await loadSiteFile(join(dir, 'site.yaml'));
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const user = result.site.connections[0]?.protocol === 'opcua' ? result.site.connections[0].user : undefined;
  expect(user).toEqual({ kind: 'certificate', certFile: join(dir, 'certs', 'user.pem'), keyFile: join(dir, 'certs', 'user.key') });
});

it('refuses a certificate file that cannot be read, at its line and column', async () => {
  const dir = siteDir(['user.pem']);
  const result = await loadSiteFile(join(dir, 'site.yaml'));
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(formatSiteErrors(result.errors)).toEqual([`${join(dir, 'site.yaml')}:8:67 connections[0].user.keyFile: ${join(dir, 'certs', 'user.key')}: no such file`]);
});
