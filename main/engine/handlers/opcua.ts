/** Handlers of the OPC UA requests: certificates act on the PKI folder (no connection needed); the rest use a live driver. */
import { ContractError } from '../../../shared/contract/errors';
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { opcuaRequests } from '../../../shared/contract/requests/opcua';
import { hasOpcUaAccess, type OpcUaAccess } from '../drivers/opcua';
import { listCertificates, PkiError, trustCertificate, untrustCertificate } from '../drivers/opcua/pki';
import type { Engine } from '../engine';
import type { SessionContext } from '../session/client-session';
import { toContractError } from './driver-errors';

type Ctx = SessionContext<Engine>;

/** The OPC UA capability of a connected connection, or a ContractError saying why there is none. */
function accessOf(engine: Engine, connectionId: string): OpcUaAccess {
  const supervisor = engine.supervisors.get(connectionId);
  if (!supervisor) throw new ContractError('not-found', `unknown connection "${connectionId}"`);
  if (supervisor.status.protocol !== 'opcua') throw new ContractError('bad-request', `connection "${connectionId}" is not OPC UA`);
  const driver = supervisor.activeDriver;
  if (!hasOpcUaAccess(driver)) throw new ContractError('not-connected', `connection "${connectionId}" is ${supervisor.status.state}`);
  return driver;
}

/** Runs a driver call, turning its errors into ContractErrors (the OPC UA status name in details.code). */
async function guarded<T>(engine: Engine, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toContractError(error, (e) => (e instanceof PkiError ? new ContractError('not-found', e.message) : undefined), engine.log);
  }
}

/** Handlers of every OPC UA request. */
export const opcuaHandlers: PartialHandlerTable<Ctx, keyof typeof opcuaRequests> = {
  'certs.list': (_body, { engine }) => guarded(engine, () => listCertificates(engine.options.dataDir)),
  'certs.trust': ({ thumbprint }, { engine }) =>
    guarded(engine, async () => {
      const certificate = await trustCertificate(engine.options.dataDir, thumbprint);
      engine.log.info('opcua.cert-trusted', `certificate trusted: ${certificate.subject}`, { thumbprint: certificate.thumbprint });
      // Trusting is the user's answer to an untrusted-certificate failure: reconnect the connections it blocked.
      for (const supervisor of engine.supervisors.values()) {
        const { state, reason } = supervisor.status;
        if (state === 'failed' && reason?.code === 'untrusted-certificate' && reason.details?.thumbprint === certificate.thumbprint) supervisor.retry();
      }
      return { certificate };
    }),
  'certs.untrust': ({ thumbprint }, { engine }) =>
    guarded(engine, async () => {
      const certificate = await untrustCertificate(engine.options.dataDir, thumbprint);
      engine.log.info('opcua.cert-untrusted', `certificate no longer trusted: ${certificate.subject}`, { thumbprint: certificate.thumbprint });
      return { certificate };
    }),
  'opcua.browse': ({ connectionId, nodeId = 'i=85', limit }, { engine }) =>
    guarded(engine, async () => ({ nodeId, ...(await accessOf(engine, connectionId).browse(nodeId, limit)) })),
  'opcua.read': ({ connectionId, nodeId, attribute }, { engine }) =>
    guarded(engine, async () => ({ nodeId, attributes: await accessOf(engine, connectionId).readAttributes(nodeId, attribute) })),
  'opcua.write': ({ connectionId, nodeId, value, type }, { engine }) => guarded(engine, () => accessOf(engine, connectionId).writeRaw(nodeId, value, type)),
  'opcua.call': ({ connectionId, objectId, methodId, inputs }, { engine }) => guarded(engine, () => accessOf(engine, connectionId).call(objectId, methodId, inputs)),
};
