/**
 * `npm start` on a machine where the demo ports are taken (simulators already running, another program): the
 * simulators start on free ports instead and the demo site is pointed at them for this session only, in memory.
 */
import { createServer } from 'node:net';
import { isMap, isSeq, parseDocument } from 'yaml';

/** Resolves true when `port` can be listened on at `host` right now. */
function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** The ports among `ports` that something already holds at `host`. */
export async function takenPorts(host: string, ports: readonly number[]): Promise<number[]> {
  const free = await Promise.all(ports.map((port) => isFree(host, port)));
  return ports.filter((_, i) => !free[i]);
}

/** Old port → new port for each simulator: its default (base + offset) and the port in the URL it announced. */
export function portMoves(specs: readonly { name: string; portOffset: number }[], basePort: number, endpoints: ReadonlyMap<string, string>): Map<number, number> {
  const moves = new Map<number, number>();
  for (const spec of specs) {
    const url = endpoints.get(spec.name);
    if (url) moves.set(basePort + spec.portOffset, Number(new URL(url).port));
  }
  return moves;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * The site text with every loopback connection on a moved port pointed at its new port (Modbus `host`/`port`,
 * OPC UA `endpoint`). Comments and layout are kept; connections elsewhere are left alone.
 */
export function retargetSiteText(text: string, moves: ReadonlyMap<number, number>): string {
  const doc = parseDocument(text);
  const connections = doc.get('connections');
  if (!isSeq(connections)) return text;
  for (const connection of connections.items) {
    if (!isMap(connection)) continue;
    const endpoint = connection.get('endpoint');
    if (typeof endpoint === 'string' && endpoint.startsWith('opc.tcp://')) {
      const url = new URL(endpoint.replace(/^opc\.tcp:/, 'http:'));
      const moved = moves.get(Number(url.port));
      if (moved && LOOPBACK_HOSTS.has(url.hostname)) connection.set('endpoint', endpoint.replace(`:${url.port}`, `:${moved}`));
      continue;
    }
    const moved = moves.get(Number(connection.get('port')));
    if (moved && LOOPBACK_HOSTS.has(String(connection.get('host')))) connection.set('port', moved);
  }
  return doc.toString();
}
