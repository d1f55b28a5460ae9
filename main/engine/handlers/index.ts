/** The engine's complete handler table: the compiler checks every request of the contract has a handler. */
import type { HandlerTable } from '../../../shared/contract/handlers';
import type { Engine } from '../engine';
import type { SessionContext } from '../session/client-session';
import { coreHandlers } from './core';
import { modbusHandlers } from './modbus';
import { opcuaHandlers } from './opcua';

export const handlers: HandlerTable<SessionContext<Engine>> = { ...coreHandlers, ...modbusHandlers, ...opcuaHandlers };
