/**
 * A subscription's keep-alive period held to what the staleness rule assumes. A value that does not change is
 * confirmed only by its subscription's publish responses, and the screen and the gate take it as stale after
 * OPCUA_KEEPALIVE_COUNT requested publishing intervals and the timeout (shared/site/stale-after.ts). A server may
 * revise the interval upward (node-opcua's floor is 50 ms; embedded servers often allow no less than 500 or 1,000):
 * with the same count, unchanged values would then read stale between keep-alives, and interlocks on them refuse
 * motion now and then. So fewer intervals per keep-alive are asked for, keeping the period within the assumed one.
 */
import type { ClientSubscription } from 'node-opcua';
import { OPCUA_KEEPALIVE_COUNT } from '../../../../shared/site/stale-after';
import type { Logger } from '../driver';

/** Requested lifetime, in publishing intervals (at least three keep-alives, as OPC UA requires). */
export const LIFETIME_COUNT = 600;

/** Asks for a shorter keep-alive count when the server revised the publishing interval above `requestedMs`. */
export async function holdKeepAlive(subscription: ClientSubscription, requestedMs: number, log: Logger): Promise<void> {
  const budget = OPCUA_KEEPALIVE_COUNT * requestedMs;
  const interval = subscription.publishingInterval;
  if (interval * subscription.maxKeepAliveCount <= budget) return;
  const count = Math.floor(budget / interval);
  const where = { subscriptionId: subscription.subscriptionId, requestedMs, revisedMs: interval };
  if (count < 1) {
    log.warn('opcua.publishing-revised', `the server publishes every ${interval} ms where ${requestedMs} ms was asked: values that do not change will read stale between its keep-alives; give these tags a slower scan class`, where);
    return;
  }
  try {
    await subscription.modify({ requestedPublishingInterval: interval, requestedLifetimeCount: LIFETIME_COUNT, requestedMaxKeepAliveCount: count, maxNotificationsPerPublish: 0, priority: 10 });
  } catch (error) {
    log.warn('opcua.keepalive-not-shortened', `could not shorten the keep-alive of a subscription the server slowed (${interval} ms): ${error instanceof Error ? error.message : String(error)}`, where);
    return;
  }
  if (subscription.publishingInterval * subscription.maxKeepAliveCount > budget) {
    log.warn('opcua.publishing-revised', `the server keeps a keep-alive of ${subscription.publishingInterval * subscription.maxKeepAliveCount} ms where ${budget} ms was asked: values that do not change will read stale between them`, where);
  }
}
