/** The engine's complete handler table: the compiler checks every request of the contract has a handler. */
import type { HandlerTable } from '../../../shared/contract/handlers';
import type { HandlerContext } from './context';
import { alarmHandlers } from './alarms';
import { auditHandlers } from './audit';
import { controlHandlers } from './control';
import { coreHandlers } from './core';
import { linkHandlers } from './link';
import { modbusHandlers } from './modbus';
import { opcuaHandlers } from './opcua';

export const handlers: HandlerTable<HandlerContext> = { ...coreHandlers, ...modbusHandlers, ...opcuaHandlers, ...controlHandlers, ...alarmHandlers, ...linkHandlers, ...auditHandlers };
