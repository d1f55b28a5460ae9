/** Handlers of the OPC UA requests: certificate lists, browse and reads are free; trust changes, writes and calls take the command path. */
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { opcuaRequests } from '../../../shared/contract/requests/opcua';
import type { HandlerContext } from './context';
import { outcomeError, unauditedOf } from './outcome-error';

/** Handlers of every OPC UA request. */
export const opcuaHandlers: PartialHandlerTable<HandlerContext, keyof typeof opcuaRequests> = {
  'certs.list': (_body, { services }) => services.maintenance.certificates(),
  'certs.trust': async ({ thumbprint }, { services, session }) => ({ certificate: await services.commands.trust(session, thumbprint, true) }),
  'certs.untrust': async ({ thumbprint }, { services, session }) => ({ certificate: await services.commands.trust(session, thumbprint, false) }),
  'opcua.browse': async ({ connectionId, nodeId = 'i=85', limit }, { services }) => ({ nodeId, ...(await services.maintenance.opcuaBrowse(connectionId, nodeId, limit)) }),
  'opcua.read': async ({ connectionId, nodeId, attribute }, { services }) => ({ nodeId, attributes: await services.maintenance.opcuaRead(connectionId, nodeId, attribute) }),
  'opcua.write': async ({ connectionId, nodeId, value, type, allowNonFinite }, { services, session }) => {
    const { outcome, status, message } = await services.commands.opcuaWrite(session, connectionId, nodeId, value, type, allowNonFinite ?? false);
    // The server's own refusal is an answer (status by name), not an error: maintenance staff read it as such.
    if (status) return { status, ...(message ? { message } : {}), ...unauditedOf(outcome) };
    if (outcome.status !== 'ok') throw outcomeError(outcome);
    return { status: 'Good', ...unauditedOf(outcome) };
  },
  'opcua.call': async ({ connectionId, objectId, methodId, inputs }, { services, session }) => {
    const { outcome, result } = await services.commands.opcuaCall(session, connectionId, objectId, methodId, inputs);
    if (result) return { ...result, ...unauditedOf(outcome) };
    if (outcome.status !== 'ok') throw outcomeError(outcome);
    return { status: 'Good', outputs: [], ...unauditedOf(outcome) };
  },
};
