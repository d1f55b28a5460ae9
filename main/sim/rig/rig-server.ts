/**
 * The drill-rig simulator: a node-opcua server with the rig's address space. Security: endpoints for None,
 * Sign and SignAndEncrypt (Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss); users anonymous,
 * `operator` / `demo-operator-pw` (demo credentials, documented in ADDRESS-SPACE.md) and X.509 users whose
 * certificate is in `<dataDir>/sim-rig-user-pki/trusted/certs`.
 * Simulator-only choice: the server auto-accepts client certificates, so a console works with it out of the box;
 * the console itself never auto-accepts (it trusts this server's certificate through the normal workflow).
 * It listens on `host` only. Anonymous sessions may browse and read but not write or call methods (the demo site
 * logs in as `operator`); `anonymousWrites` opens that up for a demo that explicitly wants it.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { MessageSecurityMode, OPCUACertificateManager, OPCUAServer, PermissionType, RegisterServerMethod, SecurityPolicy, WellKnownRoles, makeRoles, nodesets, type Namespace, type NodeId } from 'node-opcua';
import { DEMO_OPCUA_PASSWORD, DEMO_OPCUA_USER } from '../demo-credentials';
import { RigModel } from './rig-model';
import { buildRigAddressSpace } from './rig-address-space';
import { addEdgeValuesFolder } from './edge-values-folder';
import { addStressFolder } from './stress-folder';


/** How to start the rig server. */
export interface RigServerOptions {
  host: string;
  /** 0 = ephemeral. */
  port: number;
  dataDir: string;
  /** Variables in the `Stress` folder (0 = none). */
  stressItems?: number;
  /** Update rate of the stress variables. */
  stressHz?: number;
  /** Initial heartbeat survival time of the watchdog (writable at Rig.Control.WatchdogSurvivalMs). */
  survivalMs?: number;
  /** Server limit of monitored items per CreateMonitoredItems call (clients must chunk). */
  maxMonitoredItemsPerCall?: number;
  /** Server limit of monitored items per subscription (items past it are refused: BadTooManyMonitoredItems). */
  maxMonitoredItemsPerSubscription?: number;
  /** Let anonymous sessions write and call methods too (default false: they may only browse and read). */
  anonymousWrites?: boolean;
}

/** A running rig server. */
export interface RigServer {
  url: string;
  port: number;
  model: RigModel;
  /** Ends every client session as a server that timed them out does (their subscriptions go too). */
  closeSessions(): void;
  close(): Promise<void>;
}

const APPLICATION_URI = 'urn:rec-console:sim:rig';

/**
 * Creates the server certificate on first start with a subject operators recognise when they are asked to trust it
 * (node-opcua's default names its vendor), and the host names and addresses the server answers on.
 */
async function ensureServerCertificate(cm: OPCUACertificateManager, host: string): Promise<void> {
  const file = join(cm.rootDir, 'own', 'certs', 'certificate.pem');
  if (existsSync(file)) return;
  const names = [...new Set([hostname(), 'localhost', ...(isIP(host) ? [] : [host])])];
  const ips = [...new Set(['127.0.0.1', ...(isIP(host) ? [host] : [])])];
  await cm.createSelfSignedCertificate({
    applicationUri: APPLICATION_URI,
    subject: '/CN=rec-console drill-rig simulator/O=rec-console simulators',
    dns: names,
    ip: ips,
    startDate: new Date(),
    validity: 3650,
    outputFile: file,
  });
}

const READ_ONLY = PermissionType.Browse | PermissionType.Read | PermissionType.ReadRolePermissions | PermissionType.ReceiveEvents;
const OPERATE = READ_ONLY | PermissionType.Write | PermissionType.Call;

/** The rig's nodes: authenticated users operate, anonymous sessions read (unless `anonymousWrites`). */
function restrictAnonymous(namespace: Namespace, anonymousWrites: boolean): void {
  namespace.setDefaultRolePermissions([
    { roleId: WellKnownRoles.Anonymous, permissions: anonymousWrites ? OPERATE : READ_ONLY },
    { roleId: WellKnownRoles.AuthenticatedUser, permissions: OPERATE },
  ]);
}

/** Starts the rig server; resolves once it listens. On failure it releases everything it made, then rejects. */
export async function startRigServer(options: RigServerOptions): Promise<RigServer> {
  const certificateManager = new OPCUACertificateManager({
    rootFolder: join(options.dataDir, 'sim-rig-pki'),
    automaticallyAcceptUnknownCertificate: true,
    disableFileWatchers: true,
  });
  // X.509 users are accepted only when their certificate is in sim-rig-user-pki/trusted/certs (not auto-accepted).
  const userCertificateManager = new OPCUACertificateManager({ rootFolder: join(options.dataDir, 'sim-rig-user-pki'), automaticallyAcceptUnknownCertificate: false, disableFileWatchers: true });
  let server: OPCUAServer | undefined;
  let stepper: NodeJS.Timeout | undefined;
  let stopStress: () => void = () => undefined;
  /** Stops what was started so far: a failed start must not leave timers, a server or PKI locks keeping the process alive. */
  const release = async () => {
    clearInterval(stepper);
    stopStress();
    await server?.shutdown(0).catch(() => undefined);
    await certificateManager.dispose().catch(() => undefined);
    await userCertificateManager.dispose().catch(() => undefined);
  };
  try {
    await certificateManager.initialize();
    await ensureServerCertificate(certificateManager, options.host);
    await userCertificateManager.initialize();
    const model = new RigModel(Date.now(), options.survivalMs ?? 500);
    server = createServer(options, certificateManager, userCertificateManager);
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) throw new Error('rig simulator: address space not created');
    const namespace = addressSpace.getOwnNamespace();
    restrictAnonymous(namespace, options.anonymousWrites ?? false);
    const objects = addressSpace.rootFolder.objects;
    buildRigAddressSpace(namespace, objects, model, Date.now);
    addEdgeValuesFolder(namespace, objects);
    stopStress = addStressFolder(namespace, objects, options.stressItems ?? 0, options.stressHz ?? 10);
    stepper = setInterval(() => model.step(Date.now()), 100);
    await server.start();
    return running(server, model, options, release);
  } catch (error) {
    await release();
    throw error;
  }
}

/** The node-opcua server with the rig's security, users and limits (not yet initialised). */
function createServer(options: RigServerOptions, certificateManager: OPCUACertificateManager, userCertificateManager: OPCUACertificateManager): OPCUAServer {
  return new OPCUAServer({
    port: options.port,
    // `host` is where the socket listens (without it node-opcua listens on every interface); `hostname` is only
    // the name put into the endpoint URLs.
    host: options.host,
    hostname: options.host,
    alternateHostname: [options.host],
    nodeset_filename: [nodesets.standard],
    serverCertificateManager: certificateManager,
    userCertificateManager,
    registerServerMethod: RegisterServerMethod.HIDDEN,
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss],
    allowAnonymous: true,
    userManager: {
      isValidUser: (user: string, password: string) => user === DEMO_OPCUA_USER && password === DEMO_OPCUA_PASSWORD,
      // Without roles a logged-in user would count as anonymous; X.509 users land here too.
      getUserRoles: () => makeRoles([WellKnownRoles.AuthenticatedUser, WellKnownRoles.Operator]),
    },
    buildInfo: { productName: 'rec-console drill-rig simulator', manufacturerName: 'rec-console' },
    serverInfo: { applicationName: { text: 'rec-console rig simulator' }, applicationUri: APPLICATION_URI },
    serverCapabilities: {
      maxSessions: 20,
      ...(options.maxMonitoredItemsPerSubscription ? { maxMonitoredItemsPerSubscription: options.maxMonitoredItemsPerSubscription } : {}),
      operationLimits: { maxMonitoredItemsPerCall: options.maxMonitoredItemsPerCall ?? 1000, maxNodesPerBrowse: 500 },
    },
  });
}

/** The started server as callers see it; `release` stops it and everything it uses. */
function running(server: OPCUAServer, model: RigModel, options: RigServerOptions, release: () => Promise<void>): RigServer {
  const port = server.endpoints[0]?.port ?? options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `opc.tcp://${host}:${port}`,
    port,
    model,
    closeSessions() {
      // node-opcua keeps its sessions in a field of its own: read here, in the simulator, never by the console.
      const sessions = Object.values((server.engine as unknown as { _sessions: Record<string, { authenticationToken: NodeId }> })._sessions);
      for (const session of sessions) server.engine.closeSession(session.authenticationToken, true, 'Timeout');
    },
    close: release,
  };
}
