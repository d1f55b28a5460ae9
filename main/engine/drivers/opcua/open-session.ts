/**
 * Opens a client + session the way a careful UA client does: discover endpoints over an unsecured discovery
 * channel, select the one matching the site's security, check the server certificate against our PKI (unknown
 * → rejected/, reported as untrusted with subject, thumbprint and validity), then connect with that endpoint's
 * certificate and create the session with the configured user. node-opcua's own retry is off: the shared
 * connection supervisor decides about retries and backoff.
 */
import { MessageSecurityMode, OPCUAClient, type ClientSession, type EndpointDescription } from 'node-opcua';
import { DriverError } from '../driver-error';
import type { Logger } from '../driver';
import { describeEndpoint, securityChoiceProblem, selectEndpoint, toMessageSecurityMode, toSecurityPolicy } from './endpoint-selection';
import type { OpcUaConnection } from './opcua-connection';
import { describeCertificate, openPki } from './pki';
import { classifyError, statusName } from './status-names';
import { describeUser, userIdentity } from './user-identity';

/** The application identity of the console in its own certificate. */
export const CONSOLE_APPLICATION = { name: 'rec-console', uri: 'urn:rec-console:console' } as const;

/** An open client and session. */
export interface OpenSession {
  client: OPCUAClient;
  session: ClientSession;
  endpoint: EndpointDescription;
  /** Time from start of discovery to a usable session. */
  connectMs: number;
}

/** What openSession needs: the connection, where the PKI lives, a logger, and where passwords are looked up. */
export interface OpenSessionOptions {
  connection: OpcUaConnection;
  dataDir: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
}

function baseClientOptions(timeoutMs: number) {
  return {
    applicationName: CONSOLE_APPLICATION.name,
    applicationUri: CONSOLE_APPLICATION.uri,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 250, maxDelay: 1000 },
    transportTimeout: timeoutMs,
    defaultTransactionTimeout: timeoutMs,
  };
}

async function discoverEndpoints(options: OpenSessionOptions): Promise<EndpointDescription[]> {
  const { connection } = options;
  const cm = await openPki(options.dataDir);
  const discovery = OPCUAClient.create({ ...baseClientOptions(connection.timeoutMs), clientCertificateManager: cm, clientName: `${connection.id}-discovery` });
  try {
    await discovery.connect(connection.endpoint);
    return await discovery.getEndpoints();
  } catch (error) {
    throw classifyError(error);
  } finally {
    await discovery.disconnect().catch(() => undefined);
  }
}

/** Opens a session or rejects with a DriverError that says why (unreachable, untrusted, auth, no endpoint). */
export async function openSession(options: OpenSessionOptions): Promise<OpenSession> {
  const { connection, log } = options;
  const started = performance.now();
  const problem = securityChoiceProblem(connection.security);
  if (problem) throw new DriverError('invalid-request', 'security-refused', problem);
  const identity = await userIdentity(connection.user, options.env);
  const cm = await openPki(options.dataDir);
  const endpoints = await discoverEndpoints(options);
  const selected = selectEndpoint(endpoints, connection.security);
  if ('offered' in selected) {
    const wanted = `${connection.security.mode}/${connection.security.policy}`;
    throw new DriverError('connect-failed', 'no-matching-endpoint', `server offers no ${wanted} endpoint (offers ${selected.offered.join(', ') || 'none'})`, { offered: selected.offered });
  }
  const endpoint = selected.endpoint;
  if (endpoint.securityMode !== MessageSecurityMode.None) await checkServerCertificate(options, endpoint);
  const client = OPCUAClient.create({
    ...baseClientOptions(connection.timeoutMs),
    clientCertificateManager: cm,
    clientName: connection.id,
    securityMode: toMessageSecurityMode(connection.security.mode),
    securityPolicy: toSecurityPolicy(connection.security.policy),
    ...(endpoint.securityMode !== MessageSecurityMode.None ? { serverCertificate: endpoint.serverCertificate } : {}),
    keepSessionAlive: true,
    // Keepalive reads detect a silent link (socket open, nobody answering) within ~1.5 × timeoutMs.
    keepAliveInterval: Math.max(500, Math.min(5000, Math.round(connection.timeoutMs / 2))),
    requestedSessionTimeout: 60_000,
  });
  try {
    await client.connect(connection.endpoint);
  } catch (error) {
    await client.disconnect().catch(() => undefined);
    throw classifyError(error);
  }
  try {
    const session = await client.createSession(identity);
    const connectMs = performance.now() - started;
    log.info('opcua.session', `${connection.id}: session open (${describeEndpoint(endpoint)}, ${describeUser(connection.user)}) in ${connectMs.toFixed(0)} ms`);
    return { client, session, endpoint, connectMs };
  } catch (error) {
    await client.disconnect().catch(() => undefined);
    const classified = classifyError(error);
    // On a signed channel the server has already accepted the console's own certificate when the channel opened, so
    // a certificate status now is about the X.509 user's certificate (servers answer BadIdentityTokenRejected or
    // BadCertificateUntrusted, depending on their state): the user is being refused. (Without security, the
    // console's certificate is first checked here, so the status keeps its meaning.)
    const userCertificateRefused = connection.user.kind === 'certificate' && connection.security.mode !== 'None' && classified.kind === 'untrusted-certificate';
    if (classified.kind === 'auth-failed' || userCertificateRefused) {
      const hint = connection.user.kind === 'username' ? 'wrong user name or password?' : connection.user.kind === 'certificate' ? 'is the user certificate trusted by the server?' : 'anonymous access refused';
      throw new DriverError('auth-failed', 'user-rejected', `the server rejected ${describeUser(connection.user)} (${hint})`);
    }
    throw classified;
  }
}

/** Throws untrusted-certificate when our PKI does not trust the server's certificate (it lands in rejected/). */
async function checkServerCertificate(options: OpenSessionOptions, endpoint: EndpointDescription): Promise<void> {
  const cm = await openPki(options.dataDir);
  const certificate = endpoint.serverCertificate;
  if (!certificate || certificate.length === 0) throw new DriverError('untrusted-certificate', 'no-server-certificate', 'the server sent no certificate for a secure endpoint');
  // Another process (the CLI) may have trusted it since we last looked.
  await cm.reloadCertificates();
  const status = await cm.checkCertificate(certificate);
  if (status.isGood()) return;
  let details: Record<string, unknown>;
  try {
    details = { ...describeCertificate(certificate) };
  } catch {
    details = { thumbprint: 'unreadable' };
  }
  const name = statusName(status);
  const code = name === 'BadCertificateTimeInvalid' ? 'certificate-expired' : name === 'BadCertificateUntrusted' ? 'certificate-untrusted' : name;
  const why = code === 'certificate-expired' ? 'is outside its validity period' : code === 'certificate-untrusted' ? 'is not trusted' : `failed the check (${name})`;
  throw new DriverError('untrusted-certificate', code, `server certificate ${String(details.subject ?? '')} ${why}; thumbprint ${String(details.thumbprint)}`, { ...details, status: name });
}
