/**
 * Certificate trust changes: admin only (checked by the session dispatch), audited; trusting retries the connections
 * it blocked, untrusting drops those whose server presented it (their next connect then fails as untrusted).
 */
import { ContractError } from '../../../shared/contract/errors';
import type { CertificateInfo } from '../../../shared/contract/requests/opcua';
import { PkiError, trustCertificate, untrustCertificate } from '../drivers/opcua';
import type { CommandDeps, CommandSession } from './command-context';
import { audit } from './command-path';

/** Trusts (or untrusts) a certificate of the PKI under `dataDir`; `trustChanged` acts on the connections it concerns. */
export async function changeTrust(
  deps: Pick<CommandDeps, 'audit' | 'log'>,
  session: CommandSession,
  dataDir: string,
  thumbprint: string,
  trust: boolean,
  trustChanged: (thumbprint: string, trusted: boolean) => void,
): Promise<CertificateInfo> {
  const principal = session.principal();
  const base = { kind: 'trust', console: session.label, target: `${trust ? 'trust' : 'untrust'} ${thumbprint}`, ...(principal ? { user: principal.user, role: principal.role } : {}) };
  if ((await audit(deps, { ...base, outcome: 'attempt' })) === false) throw new ContractError('refused', 'The audit log cannot record this trust change; nothing was changed');
  try {
    const certificate = await (trust ? trustCertificate(dataDir, thumbprint) : untrustCertificate(dataDir, thumbprint));
    await audit(deps, { ...base, outcome: 'ok', newValue: certificate.subject });
    deps.log.info(trust ? 'opcua.cert-trusted' : 'opcua.cert-untrusted', `certificate ${trust ? 'trusted' : 'no longer trusted'}: ${certificate.subject}`, { thumbprint: certificate.thumbprint });
    trustChanged(certificate.thumbprint, trust);
    return certificate;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await audit(deps, { ...base, outcome: 'failed', reason: message });
    throw error instanceof PkiError ? new ContractError('not-found', message) : new ContractError('internal', `The trust change failed: ${message}`);
  }
}
