import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../../main/engine/engine';
import { createMemoryLogger } from '../../../main/engine/log';
import { startServeServer, type ServeServer } from '../../../main/serve/serve-server';
import { connectWebSocketCarrier } from '../../../shared/contract/carriers/websocket-client';
import { ContractClient } from '../../../shared/contract/client';
import type { ContractError } from '../../../shared/contract/errors';
import { FakeDriverControl } from '../../support/fake-driver';
import { smallSite } from '../../support/sites';
import { TEST_PINS, TEST_USERS } from '../../support/test-users';
import { spawnTied } from '../../support/tied-spawn';

let server: ServeServer;
let engine: Engine;
const dir = mkdtempSync(join(tmpdir(), 'rec-serve-'));

beforeAll(async () => {
  // The renderer folder, beside a file outside it (the data folder's, say) and links to both.
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(renderer, 'app.js'), 'export {};');
  writeFileSync(join(renderer, 'app.js.map'), '{"sources":["secret.ts"]}');
  writeFileSync(join(dir, 'secret.json'), '{"secret":true}');
  symlinkSync(join(dir, 'secret.json'), join(renderer, 'leak.json'));
  symlinkSync(join(renderer, 'app.js'), join(renderer, 'alias.js'));
  symlinkSync(join(renderer, 'app.js.map'), join(renderer, 'map.js')); // an allowed name for a type never served
  // Hidden files the build never writes, of types otherwise served (something else put them there).
  writeFileSync(join(renderer, '.hidden.json'), '{"hidden":true}');
  mkdirSync(join(renderer, '.git'));
  writeFileSync(join(renderer, '.git', 'config.json'), '{"hidden":true}');
  engine = new Engine({ site: { ...smallSite(1), users: TEST_USERS }, siteFile: 't.yaml', dataDir: dir, factories: new FakeDriverControl().table(), log: createMemoryLogger() });
  server = await startServeServer({ engine, rendererDir: join(dir, 'renderer') });
});
afterAll(async () => {
  await server.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** "STATUS BODY" of a GET, on a connection of its own. */
function text(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(`${res.statusCode ?? 0} ${body}`));
    });
    req.on('error', reject);
    req.end();
  });
}

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
    for (let i = 0; i < 20; i++) expect(await socket(`?token=guess${i}`)).toBe('401');
    // A client retrying (or guessing) in a loop does not fill the log: one line a minute at most, with the count.
    const lines = () => (engine.log as ReturnType<typeof createMemoryLogger>).entries.filter((e) => e.code === 'serve.bad-token');
    expect(lines()).toHaveLength(1);
    await server.close(); // the minute's count is said at the latest when the server closes
    expect(lines().map((l) => l.message)).toEqual([expect.stringMatching(/^refused an engine connection without/), expect.stringMatching(/^refused 22 engine connections without a valid token/)]);
    server = await startServeServer({ engine, rendererDir: join(dir, 'renderer') });
  });

  it('a client that resets its refused socket (no token, any local program) does not stop the engine', async () => {
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      for (const when of ['after the refusal', 'before it'] as const) {
        const raw = connect({ host: '127.0.0.1', port: server.port });
        raw.on('error', () => undefined);
        await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
        const answered = new Promise<void>((resolve) => raw.once('data', () => resolve()));
        raw.write(`GET /engine HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
        if (when === 'after the refusal') await answered;
        raw.resetAndDestroy();
        // The server has met the reset by the time it answers on a new connection (one loop, loopback).
        expect(await text('/')).toMatch(/^200 /);
        expect(await text('/')).toMatch(/^200 /);
      }
      expect(errors).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });

  it('refuses foreign origins and hosts (cross-site sockets, DNS rebinding)', async () => {
    expect(await socket(`?token=${server.token}`, { Origin: 'http://evil.example' })).toBe('403');
    expect(await socket(`?token=${server.token}`, { Host: `evil.example:${server.port}` })).toBe('421');
    expect((await get('/', { Host: 'evil.example' })).status).toBe(421);
    expect((await get('/', { Host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('answers a wrong host with the same security headers as every other answer', async () => {
    const wrong = await get('/', { Host: 'evil.example' });
    expect(wrong.status).toBe(421);
    expect(String(wrong.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(wrong.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cross-origin-opener-policy': 'same-origin', 'x-frame-options': 'DENY' });
  });

  it('serves nothing outside the renderer folder', async () => {
    expect((await get('/../../../../etc/passwd')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('serves no hidden file nor anything in a hidden folder', async () => {
    for (const path of ['/.hidden.json', '/.git/config.json', '/%2ehidden.json', '/x/../.hidden.json']) expect((await get(path)).status, path).toBe(404);
  });

  it("serves the page's file types only: a source map left in the folder is a 404", async () => {
    expect((await get('/app.js')).status).toBe(200);
    expect((await get('/app.js.map')).status).toBe(404);
  });

  it('follows a symbolic link only to a file inside the renderer folder', async () => {
    expect((await get('/leak.json')).status).toBe(404);
    expect((await get('/alias.js')).status).toBe(200);
    expect((await get('/map.js')).status).toBe(404);
  });

  it('never serves the file outside while a link in the folder is swapped between a file inside and one outside', async () => {
    const renderer = join(dir, 'renderer');
    writeFileSync(join(renderer, 'inside.json'), '{"inside":true}');
    // Another process swaps x.json atomically (rename over it) as fast as it can, until killed (10 s at most).
    const script = `const fs=require('fs');const p=${JSON.stringify(join(renderer, 'x.json'))};const a=p+'.a',b=p+'.b';const end=Date.now()+10000;
      while(Date.now()<end){try{fs.symlinkSync(${JSON.stringify(join(renderer, 'inside.json'))},a)}catch{};fs.renameSync(a,p);try{fs.symlinkSync(${JSON.stringify(join(dir, 'secret.json'))},b)}catch{};fs.renameSync(b,p);}`;
    const swapper = spawnTied(process.execPath, ['-e', script], { stdio: 'ignore' });
    try {
      const bodies = new Set<string>();
      const end = Date.now() + 3000;
      while (Date.now() < end) for (const body of await Promise.all(Array.from({ length: 8 }, () => text('/x.json')))) bodies.add(body);
      expect([...bodies].filter((b) => b.includes('secret'))).toEqual([]);
      expect(bodies.has('200 {"inside":true}')).toBe(true); // the swap did happen under the requests
    } finally {
      swapper.kill();
    }
  });
});

describe('serve mode login throttle', () => {
  it('counts per connection: a tab renaming itself stays throttled, and another browser console on this machine still logs in', async () => {
    const url = `ws://127.0.0.1:${server.port}/engine?token=${server.token}`;
    const guesser = new ContractClient(await connectWebSocketCarrier(url));
    const other = new ContractClient(await connectWebSocketCarrier(url));
    try {
      const codes: string[] = [];
      // Wrong guesses for four different user names: no user reaches a lockout of its own, the connection does.
      for (const user of ['ann', 'bob', 'cyd', 'dee']) codes.push(String(((await guesser.request('session.login', { user, secret: '0000' }).catch((e: unknown) => e)) as ContractError).details?.code));
      expect(codes).toEqual(['bad-credentials', 'bad-credentials', 'bad-credentials', 'bad-credentials']);
      await guesser.request('engine.hello', { client: 'test', consoleName: 'A fresh name' });
      const again = (await guesser.request('session.login', { user: 'eve', secret: '0000' }).catch((e: unknown) => e)) as ContractError;
      expect(again.details?.code).toBe('throttled');
      // Every browser here is 127.0.0.1: the other console's operator is not locked out by that tab.
      expect((await other.request('session.login', { user: 'operator', secret: TEST_PINS.operator })).principal.user).toBe('operator');
    } finally {
      guesser.close();
      other.close();
    }
  });
});

describe('serve mode console keys', () => {
  it("a console that logged in before keeps its key across a reconnect and can still log in while guesses from fresh connections lock the user out", async () => {
    const url = `ws://127.0.0.1:${server.port}/engine?token=${server.token}`;
    const connect = async () => new ContractClient(await connectWebSocketCarrier(url));
    // The operator's tab: given a key, logs in, and later reconnects presenting it.
    const desk = await connect();
    const { consoleKey } = await desk.request('engine.hello', { client: 'test' });
    expect(consoleKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await desk.request('session.login', { user: 'maintenance', secret: TEST_PINS.maintenance });
    desk.close();
    // A token holder asking for keys over and over (one connection gets one) before guessing.
    const churn = await connect();
    const keys = new Set<string | undefined>();
    for (let i = 0; i < 1200; i++) keys.add((await churn.request('engine.hello', { client: 'test' })).consoleKey);
    expect(keys.size).toBe(1);
    churn.close();
    // A token holder guessing the maintenance PIN from a fresh connection each time.
    for (let i = 0; i < 6; i++) {
      const guesser = await connect();
      await guesser.request('engine.hello', { client: 'test' });
      await guesser.request('session.login', { user: 'maintenance', secret: `99${i}9` }).catch(() => undefined);
      guesser.close();
    }
    const fresh = await connect();
    const stranger = (await fresh.request('session.login', { user: 'maintenance', secret: TEST_PINS.maintenance }).catch((e: unknown) => e)) as ContractError;
    expect(stranger.details?.code).toBe('throttled');
    fresh.close();
    const back = await connect();
    try {
      expect((await back.request('engine.hello', { client: 'test', consoleKey })).consoleKey).toBe(consoleKey);
      expect((await back.request('session.login', { user: 'maintenance', secret: TEST_PINS.maintenance })).principal.user).toBe('maintenance');
    } finally {
      back.close();
    }
  });
});

const ipv6 = await new Promise<boolean>((resolve) => {
  const probe = createServer().once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

describe('serve mode on IPv6 loopback (--host ::1)', () => {
  it.skipIf(!ipv6)('serves the page and the engine socket at [::1], and prints the URL with brackets', async () => {
    const v6 = await startServeServer({ engine, rendererDir: join(dir, 'renderer'), host: '::1' });
    try {
      expect(v6.url).toBe(`http://[::1]:${v6.port}/?token=${v6.token}`);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '::1', port: v6.port, path: '/', headers: { Host: `[::1]:${v6.port}` } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
      const opened = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://[::1]:${v6.port}/engine?token=${v6.token}`);
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.on('error', (error) => resolve(`error: ${error.message}`));
      });
      expect(opened).toBe('open');
    } finally {
      await v6.close();
    }
  });
});
