import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../../main/engine/engine';
import { createMemoryLogger } from '../../../main/engine/log';
import { startServeServer, type ServeServer } from '../../../main/serve/serve-server';
import { FakeDriverControl } from '../../support/fake-driver';
import { smallSite } from '../../support/sites';

let server: ServeServer;
let engine: Engine;
const dir = mkdtempSync(join(tmpdir(), 'rec-serve-'));

beforeAll(async () => {
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'app.js'), 'export {};');
  writeFileSync(join(dir, 'app.js.map'), '{"sources":["secret.ts"]}');
  engine = new Engine({ site: smallSite(1), siteFile: 't.yaml', dataDir: dir, factories: new FakeDriverControl().table(), log: createMemoryLogger() });
  server = await startServeServer({ engine, rendererDir: dir });
});
afterAll(async () => {
  await server.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves 'open' or the HTTP status the upgrade was refused with. */
function socket(query: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/engine${query}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.on('error', () => resolve('error'));
  });
}

/** Sends raw request bytes; resolves with the status line of the answer. */
function raw(lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(server.port, '127.0.0.1', () => s.write(`${lines.join('\r\n')}\r\n\r\n`));
    let text = '';
    s.on('data', (chunk) => {
      text += chunk.toString();
      if (text.includes('\r\n')) {
        resolve(text.split('\r\n')[0] ?? '');
        s.destroy();
      }
    });
    s.on('error', reject);
  });
}

describe('serve mode access', () => {
  it('a request path URL cannot parse (`//`, `//a b`) is refused with 400, page and socket alike, and the server goes on', async () => {
    const host = `Host: 127.0.0.1:${server.port}`;
    expect(await raw(['GET // HTTP/1.1', host])).toBe('HTTP/1.1 400 Bad Request');
    expect(await raw(['GET //@ HTTP/1.1', host])).toBe('HTTP/1.1 400 Bad Request');
    expect(await raw(['GET // HTTP/1.1', 'Host: evil', 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='])).toBe('HTTP/1.1 400 Bad Request');
    expect((await get('/')).status).toBe(200);
  });

  it('listens on loopback only and prints a URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the page (it holds no secret) with the strict CSP, so a reload works without the token', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['content-security-policy'])).not.toContain('unsafe');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('refuses engine sockets without the token or with a wrong one', async () => {
    expect(await socket('')).toBe('401');
    expect(await socket('?token=')).toBe('401');
    expect(await socket('?token=nope')).toBe('401');
    expect(await socket(`?token=${server.token}`)).toBe('open');
  });

  it('refuses foreign origins and hosts (cross-site sockets, DNS rebinding)', async () => {
    expect(await socket(`?token=${server.token}`, { Origin: 'http://evil.example' })).toBe('403');
    expect(await socket(`?token=${server.token}`, { Host: `evil.example:${server.port}` })).toBe('421');
    expect((await get('/', { Host: 'evil.example' })).status).toBe(421);
    expect((await get('/', { Host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('serves nothing outside the renderer folder', async () => {
    expect((await get('/../../../../etc/passwd')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it("serves the page's file types only: a source map left in the folder is a 404", async () => {
    expect((await get('/app.js')).status).toBe(200);
    expect((await get('/app.js.map')).status).toBe(404);
  });
});
