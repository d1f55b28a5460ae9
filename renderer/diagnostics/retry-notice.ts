/** What the diagnostics page says after Retry when the engine did not retry (a press that did nothing must say why). */
import type { ReplyOf } from '../../shared/contract/requests';
import type { MessageKey } from '../i18n/messages';

/** The engine's `connections.retry` reply. */
export type RetryReply = ReplyOf<'connections.retry'>;

/** The notice for a reply: none when it retried (the state line shows it connecting). */
export function retryNotice(reply: RetryReply): MessageKey | undefined {
  if (reply.retried) return undefined;
  return reply.notRetried === 'too-soon' ? 'diagnostics.retryTooSoon' : 'diagnostics.retryNotNeeded';
}
