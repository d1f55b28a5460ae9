/** The connection state machine shared by every protocol: which transitions are legal. */
import type { ConnectionState } from '../../../shared/contract/events';

const ALLOWED: Record<ConnectionState, readonly ConnectionState[]> = {
  disconnected: ['connecting'],
  connecting: ['connected', 'backoff', 'failed', 'disconnected'],
  connected: ['degraded', 'backoff', 'disconnected'],
  degraded: ['connected', 'backoff', 'disconnected'],
  backoff: ['connecting', 'disconnected'],
  failed: ['connecting', 'disconnected'],
};

/** True when `from → to` is a legal transition. */
export function canTransition(from: ConnectionState, to: ConnectionState): boolean {
  return ALLOWED[from].includes(to);
}

/** Error kinds a retry cannot fix: the user must act (trust a certificate, fix credentials) and then retry. */
export const NEEDS_USER_ACTION = new Set(['untrusted-certificate', 'auth-failed']);
