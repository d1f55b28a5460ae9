/** Handlers of the Modbus maintenance requests. Filled in by the Modbus driver work. */
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { modbusRequests } from '../../../shared/contract/requests/modbus';
import type { Engine } from '../engine';
import type { SessionContext } from '../session/client-session';

export const modbusHandlers: PartialHandlerTable<SessionContext<Engine>, keyof typeof modbusRequests> = {};
