/** The local addresses a TCP port is listening on, read from the kernel's socket tables (/proc/net/tcp, tcp6). */
import { readFileSync } from 'node:fs';

/** Decodes a /proc/net address ("0100007F" little-endian IPv4, 32 hex digits for IPv6) to text. */
function decodeAddress(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
  // IPv6: four little-endian 32-bit words.
  const words = [0, 1, 2, 3].map((w) => hex.slice(w * 8, w * 8 + 8).match(/../g)!.reverse().join(''));
  const groups = words.flatMap((w) => [w.slice(0, 4), w.slice(4)]).map((g) => parseInt(g, 16).toString(16));
  return groups.join(':');
}

/** A socket table's text, or '' when it does not exist (no IPv6 on this machine). */
function readTable(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Every local address listening on `port` (e.g. ['127.0.0.1'], or ['0:0:0:0:0:0:0:0'] for "all interfaces"). */
export function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = readTable(table);
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A = LISTEN
      const [address, portHex] = local.split(':');
      if (parseInt(portHex ?? '', 16) === port && address) found.push(decodeAddress(address));
    }
  }
  return found;
}
