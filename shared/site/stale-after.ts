/** When a tag's value counts as stale: how long it may go unconfirmed given how it is read. */
import type { Connection, Tag } from './schema';

/** OPC UA subscriptions confirm at least every keep-alive: this many publishing intervals (the engine asks for 10). */
export const OPCUA_KEEPALIVE_COUNT = 10;

/**
 * The longest a value of `tag` may go without confirmation before it is stale: polled, two scan periods plus the
 * request timeout (one late answer is not yet stale); subscribed, one keep-alive period plus the timeout.
 */
export function staleAfterMs(tag: Pick<Tag, 'scanClass'>, connection: Connection, scanClasses: Record<string, { periodMs: number }>): number {
  return staleAfterPeriodMs(scanClasses[tag.scanClass]?.periodMs ?? 250, connection);
}

/** staleAfterMs of a value read every `periodMs` (its scan class's period) on `connection`. */
export function staleAfterPeriodMs(periodMs: number, connection: Pick<Connection, 'protocol' | 'timeoutMs'>): number {
  if (connection.protocol === 'opcua') return OPCUA_KEEPALIVE_COUNT * periodMs + connection.timeoutMs;
  return 2 * periodMs + connection.timeoutMs;
}
