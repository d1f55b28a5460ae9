/**
 * A browser tab's console identity (its console key and tag) lives in session storage, which "Duplicate tab" copies:
 * the two tabs would be one console to the engine (one name in take-over prompts and the audit, one login throttle).
 * So a tab that starts with an identity asks the other tabs of this origin, over a BroadcastChannel, whether it is
 * theirs; if one answers, the copy is dropped and the tab makes its own. Every tab answers for its own tag for as long
 * as it is open. A reload keeps its identity: the page it replaces has closed its channel by then.
 */
const CHANNEL = 'rec-console-tabs';
/** How long a starting tab waits for another to say the tag is its own (tabs of one browser answer in a few ms). */
const ANSWER_WAIT_MS = 150;

type Message = { type: 'who'; tag: string; from: string } | { type: 'mine'; tag: string; to: string };

/** Storage keys of the identity. */
export interface TabIdentityKeys {
  tag: string;
  key: string;
}

/** Claims this tab's identity (dropping a copied one), then answers for it; resolves once the identity is settled. */
export async function claimTabIdentity(storage: Storage, keys: TabIdentityKeys, waitMs = ANSWER_WAIT_MS): Promise<void> {
  if (typeof BroadcastChannel === 'undefined') return;
  const self = crypto.getRandomValues(new Uint32Array(2)).join('-');
  const tagNow = () => storage.getItem(keys.tag);
  const channel = new BroadcastChannel(CHANNEL);
  let claimedElsewhere: (() => void) | undefined;
  channel.onmessage = (event: MessageEvent<Message>) => {
    const message = event.data;
    if (message.type === 'who' && message.from !== self && message.tag === tagNow()) channel.postMessage({ type: 'mine', tag: message.tag, to: message.from } satisfies Message);
    if (message.type === 'mine' && message.to === self) claimedElsewhere?.();
  };
  const kept = tagNow();
  if (kept === null) return;
  const copied = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), waitMs);
    claimedElsewhere = () => {
      clearTimeout(timer);
      resolve(true);
    };
    channel.postMessage({ type: 'who', tag: kept, from: self } satisfies Message);
  });
  claimedElsewhere = undefined;
  if (copied) {
    storage.removeItem(keys.tag);
    storage.removeItem(keys.key);
  }
}
