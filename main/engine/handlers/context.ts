/** What every handler receives besides its body: the engine's services and the calling session. */
import type { EngineServices } from '../services';
import type { SessionContext } from '../session/client-session';

/** The handler context: a session context carrying the engine's services. */
export type HandlerContext = SessionContext<EngineServices>;
