/**
 * Serve mode: the built renderer and the engine over WebSocket on 127.0.0.1, guarded by a per-launch token
 * (page and socket both need it), a Host check (DNS rebinding) and an Origin check (cross-site sockets).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { rendererCsp } from '../../shared/security/csp';
import { websocketServerCarrier } from '../engine/carriers/websocket-server-carrier';
import type { Engine } from '../engine/engine';
import { resolveInside, sendFile } from './static-files';
import { createToken, tokenMatches } from './token';

export interface ServeOptions {
  engine: Engine;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
}

/** A running serve-mode server. */
export interface ServeServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Path of the engine socket. */
export const ENGINE_SOCKET_PATH = '/engine';

/** Starts serve mode; resolves once listening. */
export async function startServeServer(options: ServeOptions): Promise<ServeServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? createToken();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let port = 0;
  const allowedHosts = () => new Set([`${host}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

  const baseHeaders = (): Record<string, string> => ({
    'Content-Security-Policy': rendererCsp([`ws://${host}:${port}`, `ws://localhost:${port}`]),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  });

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    if (!allowedHosts().has(request.headers.host ?? '')) return void response.writeHead(421).end('wrong host');
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, baseHeaders()).end();
    const url = new URL(request.url ?? '/', `http://${host}:${port}`);
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    if (isPage && !tokenMatches(token, url.searchParams.get('token'))) {
      return void response
        .writeHead(401, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Open the URL printed by "rec-console serve": it carries the access token.\n');
    }
    const headers = isPage ? { ...baseHeaders(), 'Cache-Control': 'no-store' } : baseHeaders();
    void sendFile(response, resolveInside(options.rendererDir, isPage ? '/' : url.pathname), headers);
  };

  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', `http://${host}:${port}`);
    if (url.pathname !== ENGINE_SOCKET_PATH) return refuse(socket, 404, 'Not Found');
    if (!allowedHosts().has(request.headers.host ?? '')) return refuse(socket, 421, 'Misdirected Request');
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return refuse(socket, 403, 'Forbidden');
    if (!tokenMatches(token, url.searchParams.get('token'))) {
      options.engine.log.warn('serve.bad-token', `refused an engine connection without a valid token from ${request.socket.remoteAddress}`);
      return refuse(socket, 401, 'Unauthorized');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      options.engine.attach(websocketServerCarrier(ws), `ws:${request.socket.remotePort}`);
    });
  };

  const server = createServer(onRequest);
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
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
