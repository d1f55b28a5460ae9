/**
 * Tells the engine someone is at this console: a key, a click, a touch or a wheel turn sends `session.activity`, at
 * most once per period. The engine's inactivity lock counts only that and operate/control requests, not the reads a
 * window polls by itself. Only while logged in: a read-only console has nothing to lock.
 */
import type { ContractClient } from '../../shared/contract/client';

/** At most one ping per this period (well inside the shortest lock a site can set: one minute). */
export const ACTIVITY_PING_MS = 15_000;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

/** What the pings need: the current client, whether someone is logged in, a clock, and where input arrives. */
export interface ActivityPingOptions {
  client(): ContractClient | undefined;
  loggedIn(): boolean;
  now?: () => number;
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

/** Starts listening; returns the function that stops it. */
export function startActivityPings(options: ActivityPingOptions): () => void {
  const now = options.now ?? Date.now;
  const target = options.target ?? (globalThis as unknown as EventTarget); // the window (no DOM typing in the tests' build)
  let lastSent = Number.NEGATIVE_INFINITY;
  const onInput = () => {
    const client = options.client();
    if (!client || !options.loggedIn() || now() - lastSent < ACTIVITY_PING_MS) return;
    lastSent = now();
    client.request('session.activity', {}).catch(() => {
      lastSent = Number.NEGATIVE_INFINITY; // not heard: the next input tries again
    });
  };
  for (const type of INPUT_EVENTS) target.addEventListener(type, onInput, { capture: true, passive: true });
  return () => {
    for (const type of INPUT_EVENTS) target.removeEventListener(type, onInput, { capture: true });
  };
}
