/** Handlers of the Modbus maintenance requests: raw reads (free, bounded lane) and raw writes (the command path). */
import { ContractError } from '../../../shared/contract/errors';
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { modbusRequests } from '../../../shared/contract/requests/modbus';
import type { HandlerContext } from './context';
import { outcomeError, unauditedOf } from './outcome-error';

/** modbus.read and modbus.write. */
export const modbusHandlers: PartialHandlerTable<HandlerContext, keyof typeof modbusRequests> = {
  'modbus.read': async ({ connectionId, ...options }, { services }) => ({ values: await services.maintenance.modbusRead(connectionId, options) }),
  'modbus.write': async ({ connectionId, value, ...options }, { services, session }) => {
    if (!services.connections.list().some((c) => c.connectionId === connectionId)) throw new ContractError('not-found', `unknown connection "${connectionId}"`);
    const outcome = await services.commands.modbusWrite(session, connectionId, { ...options, value });
    if (outcome.status !== 'ok') throw outcomeError(outcome);
    // Unit 0 is broadcast (only where the site allows it): sent without awaiting a reply, and said so.
    const connection = services.site.connections.find((c) => c.id === connectionId);
    const unitId = options.unitId ?? (connection && 'unitId' in connection ? connection.unitId : undefined);
    return { ...(unitId === 0 ? { broadcast: true as const } : {}), ...unauditedOf(outcome) };
  },
};
