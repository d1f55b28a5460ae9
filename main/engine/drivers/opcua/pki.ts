/**
 * The console's OPC UA PKI: `<dataDir>/pki/{own,trusted,rejected,issuers}` through node-opcua's
 * OPCUACertificateManager, unknown certificates rejected (never auto-accepted). Lists, trusts and untrusts
 * certificates by SHA-1 thumbprint, with subject and validity read from the DER.
 */
import { X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';
import { PkiError } from './pki-error';

export { PkiError } from './pki-error';

/** What the UI and CLI show about one certificate. */
export interface CertificateSummary {
  /** SHA-1 of the DER, lower-case hex (what OPC UA calls the thumbprint). */
  thumbprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** Outside its validity period now. */
  expired: boolean;
  /** The certificate's application URI, when it has one. */
  applicationUri?: string;
}

export function pkiRoot(dataDir: string): string {
  return join(dataDir, 'pki');
}

const managers = new Map<string, Promise<OPCUACertificateManager>>();

/**
 * The process-wide certificate manager of `dataDir` (one per folder, so the engine's trust requests and its
 * drivers share one in-memory index). The cache holds one reference, so clients disposing theirs never close it.
 */
export function openPki(dataDir: string): Promise<OPCUACertificateManager> {
  const root = pkiRoot(dataDir);
  let manager = managers.get(root);
  if (!manager) {
    manager = (async () => {
      const cm = new OPCUACertificateManager({ rootFolder: root, automaticallyAcceptUnknownCertificate: false, disableFileWatchers: true, name: 'rec-console' });
      await cm.initialize();
      cm.referenceCounter++;
      return cm;
    })();
    managers.set(root, manager);
    manager.catch(() => managers.delete(root));
  }
  return manager;
}

/** Releases every cached manager (tests, CLI exit). */
export async function closeAllPki(): Promise<void> {
  const all = [...managers.values()];
  managers.clear();
  for (const pending of all) {
    const cm = await pending.catch(() => undefined);
    if (!cm) continue;
    cm.referenceCounter = 0;
    await cm.dispose().catch(() => undefined);
  }
}

/** The first certificate of a DER chain (servers may send leaf + issuers concatenated); PEM passes through. */
export function firstCertificate(der: Buffer): Buffer {
  if (der[0] !== 0x30) return der;
  const lengthByte = der[1] ?? 0;
  if (lengthByte < 0x80) return der.subarray(0, 2 + lengthByte);
  const octets = lengthByte & 0x7f;
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + (der[2 + i] ?? 0);
  return der.subarray(0, 2 + octets + length);
}

/** Subject, thumbprint and validity of a DER (or PEM) certificate. The first certificate of a chain counts. */
export function describeCertificate(certificate: Buffer, now = Date.now()): CertificateSummary {
  const x509 = new X509Certificate(firstCertificate(certificate));
  const uri = /URI:([^,\s]+)/.exec(x509.subjectAltName ?? '')?.[1];
  const validFrom = new Date(x509.validFrom);
  const validTo = new Date(x509.validTo);
  return {
    thumbprint: x509.fingerprint.replaceAll(':', '').toLowerCase(),
    subject: x509.subject.replaceAll('\n', ', '),
    issuer: x509.issuer.replaceAll('\n', ', '),
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    expired: now < validFrom.getTime() || now > validTo.getTime(),
    ...(uri ? { applicationUri: uri } : {}),
  };
}

interface StoredCertificate {
  file: string;
  der: Buffer;
  summary: CertificateSummary;
}

/** Reads every certificate file of a store folder; unreadable files are skipped, never fatal. */
async function readStore(folder: string): Promise<StoredCertificate[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const out: StoredCertificate[] = [];
  for (const name of names.filter((n) => /\.(pem|der|crt|cer)$/i.test(n)).sort()) {
    try {
      const raw = await readFile(join(folder, name));
      const x509 = new X509Certificate(raw);
      out.push({ file: join(folder, name), der: x509.raw, summary: describeCertificate(x509.raw) });
    } catch {
      // not a certificate (e.g. a lock file): ignore
    }
  }
  return out;
}

/** Trusted and rejected certificates of the PKI. */
export async function listCertificates(dataDir: string): Promise<{ trusted: CertificateSummary[]; rejected: CertificateSummary[] }> {
  const cm = await openPki(dataDir);
  const [trusted, rejected] = await Promise.all([readStore(cm.trustedFolder), readStore(cm.rejectedFolder)]);
  return { trusted: trusted.map((c) => c.summary), rejected: rejected.map((c) => c.summary) };
}

/** Normalises a thumbprint as users type it (`AB:CD…`, spaces, upper case). */
export function normaliseThumbprint(text: string): string {
  return text.replace(/[\s:]/g, '').toLowerCase();
}

async function find(folder: string, thumbprint: string): Promise<StoredCertificate | undefined> {
  const wanted = normaliseThumbprint(thumbprint);
  return (await readStore(folder)).find((c) => c.summary.thumbprint === wanted);
}

/** Trusts a rejected (or already trusted) certificate; throws PkiError when no such thumbprint is known. */
export async function trustCertificate(dataDir: string, thumbprint: string): Promise<CertificateSummary> {
  const cm = await openPki(dataDir);
  const already = await find(cm.trustedFolder, thumbprint);
  if (already) return already.summary;
  const rejected = await find(cm.rejectedFolder, thumbprint);
  if (!rejected) throw new PkiError('not-found', `no rejected certificate with thumbprint ${normaliseThumbprint(thumbprint)}`);
  await cm.trustCertificate(rejected.der);
  return rejected.summary;
}

/** Moves a trusted certificate back to rejected; throws PkiError when it is not trusted. */
export async function untrustCertificate(dataDir: string, thumbprint: string): Promise<CertificateSummary> {
  const cm = await openPki(dataDir);
  const trusted = await find(cm.trustedFolder, thumbprint);
  if (!trusted) throw new PkiError('not-found', `no trusted certificate with thumbprint ${normaliseThumbprint(thumbprint)}`);
  await cm.rejectCertificate(trusted.der);
  return trusted.summary;
}
