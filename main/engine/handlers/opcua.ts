/** Handlers of the OPC UA requests: certificates act on the PKI folder (no connection needed); the rest use a live driver. */
import { ContractError, type ErrorCode } from '../../../shared/contract/errors';
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { opcuaRequests } from '../../../shared/contract/requests/opcua';
import { DriverError } from '../drivers/driver-error';
import { hasOpcUaAccess, type OpcUaAccess } from '../drivers/opcua';
import { listCertificates, PkiError, trustCertificate, untrustCertificate } from '../drivers/opcua/pki';
import type { Engine } from '../engine';
import type { SessionContext } from '../session/client-session';

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

const KIND_TO_CODE: Partial<Record<DriverError['kind'], ErrorCode>> = {
  'not-connected': 'not-connected',
  'link-lost': 'not-connected',
  'connect-failed': 'not-connected',
  timeout: 'timeout',
  'device-exception': 'device-error',
  'bad-response': 'device-error',
};

/** Runs a driver call, turning DriverErrors into ContractErrors with the OPC UA status in details. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ContractError) throw error;
    if (error instanceof PkiError) throw new ContractError('not-found', error.message);
    if (error instanceof DriverError) {
      const code = error.code === 'BadNodeIdUnknown' ? 'not-found' : error.kind === 'invalid-request' ? 'bad-request' : (KIND_TO_CODE[error.kind] ?? 'internal');
      throw new ContractError(code, error.message, { kind: error.kind, code: error.code });
    }
    throw new ContractError('internal', error instanceof Error ? error.message : String(error));
  }
}

/** Handlers of every OPC UA request. */
export const opcuaHandlers: PartialHandlerTable<Ctx, keyof typeof opcuaRequests> = {
  'certs.list': (_body, { engine }) => guarded(() => listCertificates(engine.options.dataDir)),
  'certs.trust': ({ thumbprint }, { engine }) =>
    guarded(async () => {
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
    guarded(async () => {
      const certificate = await untrustCertificate(engine.options.dataDir, thumbprint);
      engine.log.info('opcua.cert-untrusted', `certificate no longer trusted: ${certificate.subject}`, { thumbprint: certificate.thumbprint });
      return { certificate };
    }),
  'opcua.browse': ({ connectionId, nodeId = 'i=85', limit }, { engine }) =>
    guarded(async () => ({ nodeId, ...(await accessOf(engine, connectionId).browse(nodeId, limit)) })),
  'opcua.read': ({ connectionId, nodeId, attribute }, { engine }) =>
    guarded(async () => ({ nodeId, attributes: await accessOf(engine, connectionId).readAttributes(nodeId, attribute) })),
  'opcua.write': ({ connectionId, nodeId, value, type }, { engine }) => guarded(() => accessOf(engine, connectionId).writeRaw(nodeId, value, type)),
  'opcua.call': ({ connectionId, objectId, methodId, inputs }, { engine }) => guarded(() => accessOf(engine, connectionId).call(objectId, methodId, inputs)),
};
