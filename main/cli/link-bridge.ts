/**
 * In `start`: the loopback control channel that lets an engine in another process (Electron's engine host) switch
 * the link lab this process holds (the `sim` child's stdin). Listens on 127.0.0.1 only, on an ephemeral port; each
 * line must carry the one-time token handed to the engine through its environment (see remote-link-lab.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { LINK_LAB_ENV, MAX_LINK_LAB_LINE } from '../engine/link/remote-link-lab';
import type { LinkLabControl } from '../engine/services';
import { ContractError } from '../../shared/contract/errors';

/** Connections held at once (the engine host needs one; a few more ride out its retries). */
const MAX_BRIDGE_CONNECTIONS = 8;
/** How long a connection may stay without its request line, then without an answer going out. */
const REQUEST_LINE_MS = 1000;
const ANSWER_MS = 10_000;

/** A running channel: the environment to hand the engine, and how to close it. */
export interface LinkLabBridge {
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Serves `lab` on a loopback port with a fresh token. */
export async function serveLinkLabBridge(lab: LinkLabControl): Promise<LinkLabBridge> {
  const token = randomBytes(24).toString('base64url');
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    // Only the engine host talks here, one request at a time: a local program opening many connections gets none.
    if (sockets.size >= MAX_BRIDGE_CONNECTIONS) return void socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    // The request line must come at once (the engine host writes it on connect): a connection that has not sent a
    // valid one within the deadline goes, however it trickles bytes meanwhile (an idle timer would be reset by each).
    const deadline = setTimeout(() => socket.destroy(), REQUEST_LINE_MS);
    socket.on('close', () => clearTimeout(deadline));
    socket.setTimeout(ANSWER_MS, () => socket.destroy());
    let received = '';
    let answered = false;
    // One answer, one end: a second end (more data after a refusal) errors and resets the socket, losing the answer.
    const answer = (body: Record<string, unknown>) => {
      if (answered) return;
      answered = true;
      received = '';
      socket.end(`${JSON.stringify(body)}\n`);
    };
    socket.on('data', (chunk: Buffer) => {
      // One request per connection. Whatever follows is read and dropped (not left unread, which would reset the
      // connection on close) until the peer closes or the timeout ends it.
      if (answered || received.includes('\n')) return;
      received += chunk.toString('utf8');
      if (received.length > MAX_LINK_LAB_LINE) return answer({ ok: false, error: 'request too long' });
      const end = received.indexOf('\n');
      if (end < 0) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(received.slice(0, end));
      } catch {
        return answer({ ok: false, error: 'not a JSON line' });
      }
      // `null`, a number or an array is JSON too: read fields only of an object (a TypeError here would end `start`).
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return answer({ ok: false, error: 'not a JSON object' });
      const request = parsed as { token?: unknown; profile?: unknown };
      if (!tokenMatches(token, request.token)) return answer({ ok: false, error: 'unauthorized' });
      clearTimeout(deadline); // the switch itself may take a while (ANSWER_MS)
      if (typeof request.profile !== 'string') return answer({ ok: false, error: 'no profile named' });
      lab.setProfile(request.profile).then(
        (done) => answer({ ok: true, ...done }),
        // Only a refusal says nothing changed; anything else (no confirmation in time) leaves it unknown.
        (error: unknown) => answer({ ok: false, error: error instanceof Error ? error.message : String(error), ...(error instanceof ContractError && error.code === 'refused' ? {} : { unknown: true }) }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    env: { [LINK_LAB_ENV.endpoint]: `127.0.0.1:${port}`, [LINK_LAB_ENV.token]: token, [LINK_LAB_ENV.profile]: lab.profile() ?? '' },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
