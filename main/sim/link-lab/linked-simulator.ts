/** Puts a link proxy in front of a started simulator: the console then uses the proxy's URL. */
import type { RunningSimulator } from '../simulator';
import { startLinkProxy, type LinkProxy } from './link-proxy';

/** A simulator seen through a link proxy. */
export interface LinkedSimulator extends RunningSimulator {
  /** The simulator's own URL, without the proxy. */
  directUrl: string;
  proxy: LinkProxy;
}

const AUTHORITY = /^([a-z][a-z0-9.+-]*:\/\/)(\[[^\]]+\]|[^/:?#]+):(\d+)(.*)$/i;

/** Host, port and the parts around them of a `scheme://host:port…` URL; throws when it has no explicit port. */
export function splitEndpointUrl(url: string): { prefix: string; host: string; port: number; suffix: string } {
  const match = AUTHORITY.exec(url);
  if (!match) throw new Error(`cannot put a link proxy in front of "${url}": no host:port`);
  return { prefix: match[1]!, host: match[2]!.replace(/^\[|\]$/g, ''), port: Number(match[3]), suffix: match[4]! };
}

/** Starts a proxy on `listenHost:listenPort` (0 = ephemeral) forwarding to `sim`; closing it closes both. */
export async function linkInFront(sim: RunningSimulator, listenHost: string, listenPort: number, profile: string, seed: number): Promise<LinkedSimulator> {
  const { prefix, host, port, suffix } = splitEndpointUrl(sim.url);
  const proxy = await startLinkProxy({ upstreamHost: host, upstreamPort: port, listenHost, listenPort, profile, seed });
  const shownHost = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
  return {
    name: sim.name,
    url: `${prefix}${shownHost}:${proxy.port}${suffix}`,
    directUrl: sim.url,
    proxy,
    close: async () => {
      await proxy.close();
      await sim.close();
    },
  };
}
