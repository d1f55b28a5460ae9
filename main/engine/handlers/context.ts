/** What every handler receives besides its body: the engine's services and the calling session. */
import type { EngineServices } from '../services';
import type { ClientSession } from '../session/client-session';

/** The handler context. */
export interface HandlerContext {
  services: EngineServices;
  session: ClientSession;
}
