/** The OPC UA driver's public surface: the factory for the engine's table and the maintenance capability. */
import type { DriverFactory } from '../driver';
import type { OpcUaConnection } from './opcua-connection';
import type { CertificateSummary } from './pki';

/** Re-exported: the connection type, and the maintenance capability with its guard. */
export type { OpcUaConnection } from './opcua-connection';
export { hasOpcUaAccess, type CallResult, type OpcUaAccess } from './access';
export { PkiError } from './pki-error';
export { severityOf } from './status-severity';
export type { CertificateSummary } from './pki';

/**
 * Creates the driver of one `protocol: opcua` connection. node-opcua is loaded on first use (~120 MB resident), so a
 * Modbus-only site never pays for it; this index imports nothing heavy for the same reason.
 */
export const createOpcUaDriver: DriverFactory<OpcUaConnection> = async (context) => {
  const [{ routeOpcUaLibraryLogsToStderr }, { OpcUaDriver }] = await Promise.all([import('./library-logging'), import('./opcua-driver')]);
  routeOpcUaLibraryLogsToStderr();
  return new OpcUaDriver(context);
};

/** The canonical text of a NodeId, or undefined when the text names none (loads node-opcua on first use). */
export async function canonicalNodeId(text: string): Promise<string | undefined> {
  return (await import('./node-id-text')).canonicalNodeIdText(text);
}

/** Trusted and rejected certificates of the console's PKI (loads node-opcua on first use). */
export async function listCertificates(dataDir: string): Promise<{ trusted: CertificateSummary[]; rejected: CertificateSummary[] }> {
  return (await import('./pki')).listCertificates(dataDir);
}

/** Moves a rejected certificate to trusted (loads node-opcua on first use). */
export async function trustCertificate(dataDir: string, thumbprint: string): Promise<CertificateSummary> {
  return (await import('./pki')).trustCertificate(dataDir, thumbprint);
}

/** Moves a trusted certificate to rejected (loads node-opcua on first use). */
export async function untrustCertificate(dataDir: string, thumbprint: string): Promise<CertificateSummary> {
  return (await import('./pki')).untrustCertificate(dataDir, thumbprint);
}
