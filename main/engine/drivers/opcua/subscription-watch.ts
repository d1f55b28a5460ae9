/**
 * Notices a subscription that stopped publishing while its session lives on. Once the server answers a Publish with
 * BadNoSubscription (it deleted the session's last subscription, or another session took it over), node-opcua's
 * publish engine stops sending Publish requests and tells no one; a subscription deleted on the server while others
 * remain just falls silent. The session's keep-alive reads and the link monitor's probes still answer, so nothing
 * else notices: the values age out and stay stale for good.
 *
 * So a subscription silent for its keep-alive period and half the timeout (before its values age out, at the full
 * timeout) is asked about with SetPublishingMode(true), a no-op on a live, enabled subscription. The server calling
 * it unknown, or answering twice while it stays silent, is the subscription lost. A check nobody answers proves
 * nothing here: a silent link is the session keep-alive's and the link monitor's to judge.
 */
import { StatusCodes, type ClientSubscription, type StatusCode } from 'node-opcua';
import { statusName } from './status-names';

/** Checks answered while a subscription stayed silent before it counts as lost (one may cross a late response). */
const SILENT_ANSWERS = 2;

interface Watched {
  subscription: ClientSubscription;
  silentAfterMs: number;
  /** When it last published (keep-alive or notifications): performance.now(). */
  heardAt: number;
  /** heardAt, or when it was last asked about if later. */
  since: number;
  answeredSilent: number;
}

/** The publish-silence watch of one session's subscriptions. */
export class SubscriptionWatch {
  private readonly watched = new Map<ClientSubscription, Watched>();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private stopped = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onLost: (reason: string) => void,
  ) {}

  /** Watches `subscription` from now, by its revised publishing interval and keep-alive count. */
  watch(subscription: ClientSubscription): void {
    const silentAfterMs = subscription.publishingInterval * subscription.maxKeepAliveCount + this.timeoutMs / 2;
    const now = performance.now();
    this.watched.set(subscription, { subscription, silentAfterMs, heardAt: now, since: now, answeredSilent: 0 });
  }

  /** A publish response of `subscription` arrived: it is alive. */
  heard(subscription: ClientSubscription): void {
    const watched = this.watched.get(subscription);
    if (!watched) return;
    watched.heardAt = watched.since = performance.now();
    watched.answeredSilent = 0;
  }

  /** Starts looking, a few times per shortest silence limit. */
  start(): void {
    if (this.stopped || this.timer || this.watched.size === 0) return;
    const shortest = Math.min(...[...this.watched.values()].map((w) => w.silentAfterMs));
    this.timer = setInterval(() => void this.look(), Math.max(50, shortest / 4));
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async look(): Promise<void> {
    if (this.checking || this.stopped) return;
    const asked = performance.now();
    const silent = [...this.watched.values()].filter((w) => asked - w.since > w.silentAfterMs);
    if (silent.length === 0) return;
    this.checking = true;
    let results: StatusCode[];
    try {
      results = await Promise.all(silent.map((w) => w.subscription.setPublishingMode(true)));
    } catch {
      return; // unanswered: not this watch's to judge
    } finally {
      this.checking = false;
    }
    if (this.stopped) return;
    for (const [index, w] of silent.entries()) {
      if (w.heardAt > asked) continue; // it published meanwhile
      const status = results[index];
      const id = w.subscription.subscriptionId;
      const silentMs = Math.round(performance.now() - w.heardAt);
      // Only this status says the subscription is gone; another refusal (too many operations, access denied) is an answer.
      if (status?.value === StatusCodes.BadSubscriptionIdInvalid.value) return this.lose(`subscription ${id} is gone on the server (${statusName(status)}), silent for ${silentMs} ms`);
      w.since = performance.now(); // asked again only after another silence limit
      const answer = status && !status.isGood() ? `the server refused the check (${statusName(status)})` : 'the server answers';
      if (++w.answeredSilent >= SILENT_ANSWERS) return this.lose(`subscription ${id} publishes nothing while ${answer} (silent for ${silentMs} ms)`);
    }
  }

  private lose(reason: string): void {
    this.stop();
    this.onLost(reason);
  }
}
