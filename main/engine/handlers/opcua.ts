/** Handlers of the OPC UA requests (browse, certificates). Filled in by the OPC UA driver work. */
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { opcuaRequests } from '../../../shared/contract/requests/opcua';
import type { Engine } from '../engine';
import type { SessionContext } from '../session/client-session';

export const opcuaHandlers: PartialHandlerTable<SessionContext<Engine>, keyof typeof opcuaRequests> = {};
