/**
 * The engine's handle on a link lab in another process, over a loopback control channel: how an engine that `start`
 * launched inside Electron (its utility process cannot hold the `sim` child's stdin) switches the profile. One TCP
 * connection per switch carries one JSON line each way, `{"token","profile"}` → `{"ok",...}`; the channel only ever
 * listens on loopback, every line must carry the one-time token `start` made, and the engine still allows the
 * `link.profile` request to admins only.
 */
import { createConnection } from 'node:net';
import { ContractError } from '../../../shared/contract/errors';
import { LINK_PROFILE_NAMES } from '../../sim/link-lab';
import type { LinkLabControl } from '../services';

/** Environment variables that hand the channel to the engine host: `127.0.0.1:PORT` and the token. */
export const LINK_LAB_ENV = { endpoint: 'REC_LINK_LAB', token: 'REC_LINK_LAB_TOKEN', profile: 'REC_LINK_LAB_PROFILE' } as const;

/** Longest line either side sends (a profile switch is a few dozen bytes). */
export const MAX_LINK_LAB_LINE = 512;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Splits `host:port` (IPv6 in brackets) and refuses anything but loopback. */
export function loopbackEndpoint(endpoint: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(endpoint.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!host || !LOOPBACK.has(host) || !(port > 0 && port < 65536)) throw new Error(`link lab channel "${endpoint}": only a loopback host:port is accepted`);
  return { host, port };
}

/** The link lab named by `env` (set by `start`), or undefined; the variables are removed so no child inherits them. */
export function linkLabFromEnv(env: NodeJS.ProcessEnv = process.env): LinkLabControl | undefined {
  const endpoint = env[LINK_LAB_ENV.endpoint];
  const token = env[LINK_LAB_ENV.token];
  const startProfile = env[LINK_LAB_ENV.profile];
  delete env[LINK_LAB_ENV.endpoint];
  delete env[LINK_LAB_ENV.token];
  delete env[LINK_LAB_ENV.profile];
  if (!endpoint || !token) return undefined;
  return remoteLinkLab(endpoint, token, startProfile || undefined);
}

/** A LinkLabControl that switches profiles through the loopback channel at `endpoint`. */
export function remoteLinkLab(endpoint: string, token: string, startProfile?: string, timeoutMs = 5_000): LinkLabControl {
  const { host, port } = loopbackEndpoint(endpoint);
  let current = startProfile; // the profile the lab started with, then the last one it confirmed
  return {
    profiles: () => LINK_PROFILE_NAMES,
    profile: () => current,
    setProfile: (profile) =>
      new Promise<{ profile: string; proxies: number }>((resolve, reject) => {
        const socket = createConnection({ host, port });
        let received = '';
        const fail = (message: string) => {
          socket.destroy();
          reject(new ContractError('not-connected', `link lab: ${message}`));
        };
        socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
        socket.on('error', (error) => fail(error.message));
        socket.on('connect', () => socket.write(`${JSON.stringify({ token, profile })}\n`));
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString('utf8');
          if (received.length > MAX_LINK_LAB_LINE) return fail('answer too long');
          const end = received.indexOf('\n');
          if (end < 0) return;
          socket.end();
          try {
            const answer = JSON.parse(received.slice(0, end)) as { ok?: unknown; profile?: unknown; proxies?: unknown; error?: unknown; unknown?: unknown };
            if (answer.ok === true && typeof answer.profile === 'string' && typeof answer.proxies === 'number') {
              current = answer.profile;
              resolve({ profile: answer.profile, proxies: answer.proxies });
            }
            else if (answer.unknown === true) reject(new ContractError('not-connected', `link lab: ${typeof answer.error === 'string' ? answer.error : 'no confirmation'} (the switch may have happened)`));
            else reject(new ContractError('refused', `link lab: ${typeof answer.error === 'string' ? answer.error : 'refused'}`));
          } catch {
            reject(new ContractError('internal', 'link lab: unreadable answer'));
          }
        });
        socket.on('close', () => {
          if (!received.includes('\n')) fail('closed without an answer');
        });
      }),
  };
}
