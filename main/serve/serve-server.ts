/**
 * Serve mode: the built renderer and the engine over WebSocket on 127.0.0.1. The engine socket needs the token
 * generated for this launch; Host (DNS rebinding) and Origin (cross-site sockets) are checked. The page itself
 * holds no secret, so it loads without the token (a reload must work after the token left the address bar).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { rendererCsp } from '../../shared/security/csp';
import { websocketServerCarrier, type SlowReaderPolicy } from '../engine/carriers/websocket-server-carrier';
import type { Engine } from '../engine/engine';
import { resolveInside, sendFile } from './static-files';
import { createToken, tokenMatches } from './token';

export interface ServeOptions {
  engine: Engine;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  /** Override of when a client that does not read is dropped (tests). */
  slowReader?: SlowReaderPolicy;
  /** Override of the connection limits (tests). */
  limits?: ServeLimits;
}

/**
 * What serve mode holds at once. Any local program may connect, token or not: without a cap, connections opened and
 * left idle (each held for a minute and more by Node's defaults) take file descriptors until the engine in this
 * process can open no socket to its equipment and no audit file. Over the cap a connection is closed at once; one
 * that has not sent its request in time is closed. A WebSocket, once upgraded, is the engine's and is not timed here.
 */
export interface ServeLimits {
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}
/** Consoles are a few browser tabs, each a WebSocket and a few page loads: 64 leaves them ample room. */
export const SERVE_LIMITS: ServeLimits = { maxConnections: 64, headersTimeoutMs: 5_000, requestTimeoutMs: 10_000 };

/** A running serve-mode server. */
export interface ServeServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1']);

/** This machine's interface addresses, as they appear in a Host header. */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((i) => (i.family === 'IPv6' ? `[${i.address}]` : i.address));
}

/** Path of the engine socket. */
export const ENGINE_SOCKET_PATH = '/engine';

/** Starts serve mode; resolves once listening. */
export async function startServeServer(options: ServeOptions): Promise<ServeServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? createToken();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let port = 0;
  // Loopback names always; when the user explicitly binds elsewhere, this machine's addresses too (second screen).
  // An IPv6 address appears in a Host header in brackets.
  const boundNames = LOOPBACK_NAMES.has(host) ? [] : host === '0.0.0.0' || host === '::' ? interfaceAddresses() : [host.includes(':') ? `[${host}]` : host];
  const allowedHosts = () => new Set(['127.0.0.1', 'localhost', '[::1]', ...boundNames].map((name) => `${name}:${port}`));

  const baseHeaders = (): Record<string, string> => ({
    'Content-Security-Policy': rendererCsp(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  });

  /**
   * The request's URL; undefined for a path URL cannot parse (`//`, `//a b`): thrown in a listener, it ended the process.
   * Only its path and query are read, so the base is fixed (`http://${host}` without brackets made every request
   * to an IPv6 host such as ::1 unparsable).
   */
  const requestUrl = (request: IncomingMessage): URL | undefined => {
    try {
      return new URL(request.url ?? '/', 'http://serve.invalid');
    } catch {
      return undefined;
    }
  };

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    if (!allowedHosts().has(request.headers.host ?? '')) return void response.writeHead(421, baseHeaders()).end('wrong host');
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, baseHeaders()).end();
    const url = requestUrl(request);
    if (!url) return void response.writeHead(400, baseHeaders()).end('bad request path');
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    const headers = isPage ? { ...baseHeaders(), 'Cache-Control': 'no-store' } : baseHeaders();
    void sendFile(response, options.rendererDir, resolveInside(options.rendererDir, isPage ? '/' : url.pathname), headers);
  };

  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  // Refused tokens are logged at most once a minute, with how many there were: a client retrying in a loop (or
  // guessing) must not fill the engine's log.
  let badTokens = 0;
  let badTokenFrom: string | undefined;
  let badTokenLoggedAt = Number.NEGATIVE_INFINITY;
  let badTokenTimer: ReturnType<typeof setTimeout> | undefined;
  const logBadTokens = () => {
    badTokenTimer = undefined;
    if (badTokens === 0) return;
    const what = badTokens === 1 ? 'an engine connection' : `${badTokens} engine connections`;
    options.engine.log.warn('serve.bad-token', `refused ${what} without a valid token (the last from ${badTokenFrom}; logged at most once a minute)`);
    badTokens = 0;
    badTokenLoggedAt = Date.now();
  };
  const noteBadToken = (from: string | undefined) => {
    badTokens++;
    badTokenFrom = from;
    const wait = badTokenLoggedAt + 60_000 - Date.now();
    if (wait <= 0) return logBadTokens();
    // Within the minute: counted, and said when it ends (a burst that stops is still reported).
    badTokenTimer ??= setTimeout(logBadTokens, wait);
    badTokenTimer.unref?.();
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node's HTTP server hands this socket over without its error handler: a client that resets it (as any local
    // program may, token or not) would otherwise raise an uncaught ECONNRESET and stop the engine.
    socket.on('error', () => socket.destroy());
    const url = requestUrl(request);
    if (!url) return refuse(socket, 400, 'Bad Request');
    if (url.pathname !== ENGINE_SOCKET_PATH) return refuse(socket, 404, 'Not Found');
    if (!allowedHosts().has(request.headers.host ?? '')) return refuse(socket, 421, 'Misdirected Request');
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return refuse(socket, 403, 'Forbidden');
    if (!tokenMatches(token, url.searchParams.get('token'))) {
      noteBadToken(request.socket.remoteAddress);
      return refuse(socket, 401, 'Unauthorized');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      // Per-client limits (the login throttle) count per connection, under this engine-made label (a console's own
      // name never counts). Not per address: every browser on this machine is 127.0.0.1, and one tab's wrong guesses
      // must not lock the other consoles out.
      const label = `ws:${request.socket.remotePort}`;
      options.engine.attach(websocketServerCarrier(ws, { label, log: options.engine.log, ...(options.slowReader ? { slowReader: options.slowReader } : {}) }), label, label);
    });
  };

  const limits = options.limits ?? SERVE_LIMITS;
  // Timeouts are checked every interval: a second, so an idle connection is gone soon after its time.
  const server = createServer({ headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs) }, onRequest);
  server.maxConnections = limits.maxConnections;
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      clearTimeout(badTokenTimer);
      logBadTokens(); // what the last minute counted
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
