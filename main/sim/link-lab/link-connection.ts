/** One proxied TCP connection: the client's socket, the upstream socket, and a pump for each direction. */
import { connect, type Socket } from 'node:net';
import { DirectionPump, type PumpContext } from './direction-pump';
import type { DirectionStats } from './link-stats';
import { streamSeed } from './schedule';

/** How long a socket closed for an outage may take to finish its FIN before it is destroyed (ms). */
const OUTAGE_CLOSE_GRACE_MS = 1000;

/** Where a connection is forwarded, with everything it shares with its proxy. */
export interface ConnectionSetup {
  upstreamHost: string;
  upstreamPort: number;
  /** Connection number within the proxy (its random streams derive from seed and id). */
  id: number;
  seed: number;
  context: PumpContext;
  stats: { up: DirectionStats; down: DirectionStats };
  /** Called once when both sockets are closed. */
  onGone(): void;
}

/** A client socket joined to a fresh upstream socket through two pumps. */
export class LinkConnection {
  private readonly upstream: Socket;
  private readonly up: DirectionPump;
  private readonly down: DirectionPump;
  /** Closes and errors seen while half-open: the network would not carry them either, so they wait. */
  private held: Array<() => void> = [];
  private gone = false;

  constructor(
    private readonly client: Socket,
    private readonly setup: ConnectionSetup,
  ) {
    this.upstream = connect({ host: setup.upstreamHost, port: setup.upstreamPort, allowHalfOpen: true });
    for (const socket of [client, this.upstream]) socket.setNoDelay(true);
    const { context, stats, seed, id } = setup;
    this.up = new DirectionPump(client, this.upstream, 'up', streamSeed(seed, id * 2), context, stats.up);
    this.down = new DirectionPump(this.upstream, client, 'down', streamSeed(seed, id * 2 + 1), context, stats.down);
    client.on('end', () => this.whenCarried(() => this.up.closeAfterData(context.params().closeDelayMs)));
    this.upstream.on('end', () => this.whenCarried(() => this.down.closeAfterData(context.params().closeDelayMs)));
    // A reset on one side is passed on as a reset; an upstream that refuses resets the client.
    client.on('error', () => this.whenCarried(() => this.upstream.resetAndDestroy()));
    this.upstream.on('error', () => this.whenCarried(() => (client.destroyed ? undefined : client.resetAndDestroy())));
    client.on('close', () => this.closed());
    this.upstream.on('close', () => this.closed());
  }

  /** Runs `event` now, or when the half-open state ends. */
  private whenCarried(event: () => void): void {
    if (this.setup.context.halfOpen()) this.held.push(event);
    else event();
  }

  /** The link carries again: deliver the closes and resets that were held. */
  halfOpenEnded(): void {
    const events = this.held;
    this.held = [];
    for (const event of events) event();
  }

  /** Closes both sides cleanly (FIN) at once, dropping queued bytes; destroys them if the FIN does not finish. */
  closeForOutage(): void {
    this.held = [];
    this.up.stop();
    this.down.stop();
    for (const socket of [this.client, this.upstream]) {
      if (socket.destroyed) continue;
      socket.end(() => socket.destroy());
      setTimeout(() => socket.destroy(), OUTAGE_CLOSE_GRACE_MS).unref();
    }
  }

  /** Destroys both sockets (the proxy is closing). */
  destroy(): void {
    this.up.stop();
    this.down.stop();
    this.client.destroy();
    this.upstream.destroy();
  }

  private closed(): void {
    if (this.gone || !this.client.destroyed || !this.upstream.destroyed) return;
    this.gone = true;
    this.up.stop();
    this.down.stop();
    this.setup.onGone();
  }
}
