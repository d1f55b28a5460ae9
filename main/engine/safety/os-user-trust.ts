/**
 * `rec-console certs trust|untrust`: the same audited trust change as the console's `certs.trust`, by the
 * operating-system user as admin of this data folder. The audit log has one writer: while the console runs on the
 * folder it holds the log, and the change is refused (it belongs in the console then, which also acts on the
 * connections it concerns).
 */
import type { CertificateInfo } from '../../../shared/contract/requests/opcua';
import type { Logger } from '../drivers/driver';
import { lazyAuditSink } from './lazy-audit';
import { osUserSession } from './os-user-writes';
import { changeTrust } from './trust-changes';

/** Trusts (or untrusts) a certificate of the PKI under `dataDir`, audited; rejects with a ContractError. */
export async function changeTrustAsOsUser(dataDir: string, thumbprint: string, trust: boolean, log: Logger): Promise<CertificateInfo> {
  const audit = lazyAuditSink(dataDir, log);
  try {
    return await changeTrust({ audit, log }, osUserSession('admin'), dataDir, thumbprint, trust, () => undefined);
  } finally {
    await audit.close?.();
  }
}
