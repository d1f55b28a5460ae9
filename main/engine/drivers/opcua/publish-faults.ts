/**
 * Tells at once when the server answers a Publish with BadNoSubscription while this session still holds subscriptions:
 * the server has none of them any more (deleted on the server, or taken over by another session), and node-opcua's
 * publish engine stops asking without telling anyone (client_publish_engine.js). The subscription watch would notice
 * the silence a keep-alive period and half a timeout later; this is the same loss, known one round trip after it.
 * It wraps this session's own `publish` (the call the publish engine makes), nothing shared.
 */
import type { ClientSession } from 'node-opcua';

type PublishCallback = (error: Error | null, response?: unknown) => void;
interface Publishing {
  publish(request: unknown, callback: PublishCallback): void;
}

/** Calls `lost` when a Publish of `session` is answered BadNoSubscription; returns the undo. */
export function onNoSubscription(session: ClientSession, lost: (reason: string) => void): () => void {
  const target = session as unknown as Publishing;
  const original = target.publish;
  if (typeof original !== 'function') return () => undefined; // a node-opcua without it: the silence watch still notices
  target.publish = function (this: unknown, request: unknown, callback: PublishCallback) {
    original.call(this, request, (error, response) => {
      if (error && /BadNoSubscription/.test(error.message)) lost('the server answered a Publish with BadNoSubscription: it holds none of this session\'s subscriptions any more');
      callback(error, response);
    });
  };
  return () => {
    target.publish = original;
  };
}
