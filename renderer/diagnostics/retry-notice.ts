/** What the diagnostics page says after Retry when the engine did not retry (a press that did nothing must say why). */
import type { ReplyOf } from '../../shared/contract/requests';
import type { MessageKey } from '../i18n/messages';

/** The engine's `connections.retry` reply. */
export type RetryReply = ReplyOf<'connections.retry'>;

/**
 * The notice for a reply. A retry that was made says so too: one that fails at once (an untrusted certificate) goes
 * connecting → failed faster than the state line can show, and the press would look like it did nothing.
 */
export function retryNotice(reply: RetryReply): MessageKey {
  if (reply.retried) return 'diagnostics.retried';
  return reply.notRetried === 'too-soon' ? 'diagnostics.retryTooSoon' : 'diagnostics.retryNotNeeded';
}

/** A notice shown beside a connection, and when (local clock). */
export interface RetryNotice {
  key: MessageKey;
  at: number;
}

/** How long a notice stays: it answers the press, and must not stand beside a state that has moved on since. */
export const NOTICE_MS = 5000;

/** Whether `notice` is still shown at `now`. */
export function showsNotice(notice: RetryNotice | undefined, now: number): boolean {
  return notice !== undefined && now - notice.at < NOTICE_MS;
}
