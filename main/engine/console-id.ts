/**
 * This console's id, written to an equipment's owner register when it takes control (1..65535; 0 means free).
 * Each workstation needs its own: REC_CONSOLE_ID sets it, else it is derived from the host name.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/** The console id from `env` (REC_CONSOLE_ID), else a stable hash of the host name. */
export function consoleIdFor(env: NodeJS.ProcessEnv = process.env, host: string = hostname()): number {
  const given = Number(env.REC_CONSOLE_ID);
  if (Number.isInteger(given) && given >= 1 && given <= 65535) return given;
  return (createHash('sha256').update(host).digest().readUInt16BE(0) % 65535) + 1;
}

/** The default name of a desktop console: the host's name (printable, at most 32 characters) + " console". */
export function hostConsoleName(host: string = hostname()): string {
  const printable = host.replace(/[^\p{L}\p{N}._ -]/gu, '').trim().slice(0, 32);
  return `${printable || 'Desktop'} console`;
}
