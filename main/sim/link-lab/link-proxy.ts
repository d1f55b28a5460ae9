/**
 * A TCP impairment proxy (plain node:net, no root): listens, forwards every connection to one upstream server, and
 * shapes each connection's bytes by the current profile — delay, jitter in order, stalls, bandwidth, outages,
 * half-open, slow close. The profile can be switched at run time; stats() reports exactly what was applied.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { LinkConnection } from './link-connection';
import { emptyDirectionStats, type DirectionStats, type LinkStats } from './link-stats';
import { configuredRttMs, paramsAt, profileByName, validateProfile, type LinkParams, type LinkProfile } from './profiles';

/** Where a proxy listens and what it forwards to. */
export interface LinkProxyOptions {
  upstreamHost: string;
  upstreamPort: number;
  /** Default 127.0.0.1. */
  listenHost?: string;
  /** Default 0 (an ephemeral port). */
  listenPort?: number;
  /** A profile name or a custom profile; default `lan`. */
  profile?: string | LinkProfile;
  /** Seed of the random streams (jitter, stalls); the same seed and traffic give the same impairments. Default 1. */
  seed?: number;
}

/** A running link proxy. */
export class LinkProxy {
  private profile: LinkProfile;
  private profileSetAt = performance.now();
  private readonly connections = new Set<LinkConnection>();
  private nextId = 0;
  private inOutage = false;
  private outageEndTimer: NodeJS.Timeout | undefined;
  private outageScheduleTimer: NodeJS.Timeout | undefined;
  private readonly counters = { accepted: 0, closedByOutage: 0, refused: 0, outages: 0 };
  private readonly directionStats = { up: emptyDirectionStats(), down: emptyDirectionStats() };
  private readonly context = { params: () => this.params(), halfOpen: () => !this.inOutage && this.profile.halfOpen === true };

  private constructor(
    private readonly server: Server,
    private readonly options: LinkProxyOptions,
    /** Address the proxy listens on. */
    readonly host: string,
    /** Port the proxy listens on. */
    readonly port: number,
  ) {
    this.profile = profileByName('lan');
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Starts a proxy; rejects if it cannot listen or the profile is unknown or invalid. */
  static async start(options: LinkProxyOptions): Promise<LinkProxy> {
    const initial = resolveProfile(options.profile ?? 'lan');
    const server = createServer({ allowHalfOpen: true, noDelay: true });
    const host = options.listenHost ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.listenPort ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    const proxy = new LinkProxy(server, options, host, typeof address === 'object' && address ? address.port : 0);
    proxy.setProfile(initial);
    return proxy;
  }

  /** Parameters in force now. */
  params(): LinkParams {
    return paramsAt(this.profile, performance.now() - this.profileSetAt);
  }

  /**
   * Switches the profile at run time. New chunks use the new parameters; open connections stay open unless the new
   * profile starts an outage. Leaving half-open delivers the closes that were held. Throws on an unknown name.
   */
  setProfile(profile: string | LinkProfile): void {
    const next = resolveProfile(profile);
    const wasHalfOpen = this.context.halfOpen();
    clearTimeout(this.outageScheduleTimer);
    this.profile = next;
    this.profileSetAt = performance.now();
    if (this.inOutage) this.endOutage();
    if (wasHalfOpen && !this.context.halfOpen()) for (const connection of this.connections) connection.halfOpenEnded();
    const outage = next.outage;
    if (outage) {
      const begin = () => {
        this.beginOutage(outage.durationMs);
        if (outage.everyMs !== undefined) this.outageScheduleTimer = setTimeout(begin, outage.everyMs);
      };
      this.outageScheduleTimer = setTimeout(begin, outage.firstAtMs);
    }
  }

  /** The exact figures applied so far, and the current configuration. */
  stats(): LinkStats {
    const params = this.params();
    const copy = (d: DirectionStats): DirectionStats => ({ ...d, delayMsMin: d.chunks === 0 && d.delayMsMin === Infinity ? 0 : d.delayMsMin });
    const { up, down } = this.directionStats;
    return {
      profile: this.profile.name,
      configuredRttMs: configuredRttMs(params),
      params,
      inOutage: this.inOutage,
      halfOpen: this.context.halfOpen(),
      connectionsAccepted: this.counters.accepted,
      connectionsOpen: this.connections.size,
      connectionsClosedByOutage: this.counters.closedByOutage,
      connectionsRefused: this.counters.refused,
      outages: this.counters.outages,
      chunksDelayed: up.chunksDelayed + down.chunksDelayed,
      stallsInjected: up.stalls + down.stalls,
      bytesDropped: up.bytesDropped + down.bytesDropped,
      up: copy(up),
      down: copy(down),
    };
  }

  /** Stops listening and destroys every proxied connection; never rejects. */
  close(): Promise<void> {
    clearTimeout(this.outageScheduleTimer);
    clearTimeout(this.outageEndTimer);
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.on('error', () => undefined); // a client's reset is not the proxy's error
    if (this.inOutage) {
      this.counters.refused += 1;
      socket.resetAndDestroy();
      return;
    }
    this.counters.accepted += 1;
    const connection: LinkConnection = new LinkConnection(socket, {
      upstreamHost: this.options.upstreamHost,
      upstreamPort: this.options.upstreamPort,
      id: this.nextId++,
      seed: this.options.seed ?? 1,
      context: this.context,
      stats: this.directionStats,
      onGone: () => this.connections.delete(connection),
    });
    this.connections.add(connection);
  }

  /** Closes every connection cleanly and refuses new ones for `durationMs`. */
  private beginOutage(durationMs: number): void {
    clearTimeout(this.outageEndTimer);
    this.inOutage = true;
    this.counters.outages += 1;
    for (const connection of this.connections) {
      this.counters.closedByOutage += 1;
      connection.closeForOutage();
    }
    this.connections.clear();
    this.outageEndTimer = setTimeout(() => this.endOutage(), durationMs);
  }

  private endOutage(): void {
    clearTimeout(this.outageEndTimer);
    this.inOutage = false;
  }
}

/** A named profile or a validated custom one. */
function resolveProfile(profile: string | LinkProfile): LinkProfile {
  const resolved = typeof profile === 'string' ? profileByName(profile) : profile;
  validateProfile(resolved);
  return resolved;
}

/** Starts a link proxy (see LinkProxy). */
export function startLinkProxy(options: LinkProxyOptions): Promise<LinkProxy> {
  return LinkProxy.start(options);
}
