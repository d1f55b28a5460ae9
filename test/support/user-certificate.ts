/** Creates an X.509 user certificate + key (for OPC UA certificate-user tests) and optionally trusts it on the rig simulator. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';

/** Paths of a generated user identity. */
export interface UserCertificate {
  certFile: string;
  keyFile: string;
}

/** Generates a self-signed user certificate under `folder`. */
export async function createUserCertificate(folder: string, commonName: string): Promise<UserCertificate> {
  const cm = new OPCUACertificateManager({ rootFolder: folder, disableFileWatchers: true });
  await cm.initialize();
  const certFile = join(cm.rootDir, 'own', 'certs', 'user.pem');
  try {
    await cm.createSelfSignedCertificate({ applicationUri: `urn:rec-console:user:${commonName}`, subject: `/CN=${commonName}`, dns: [], startDate: new Date(), validity: 30, outputFile: certFile });
  } finally {
    await cm.dispose();
  }
  return { certFile, keyFile: join(cm.rootDir, 'own', 'private', 'private_key.pem') };
}

/** Puts the user's certificate in the simulator's user trust list (before the simulator starts). */
export function trustUserOnRigSim(simDataDir: string, user: UserCertificate, name: string): void {
  const trusted = join(simDataDir, 'sim-rig-user-pki', 'trusted', 'certs');
  mkdirSync(trusted, { recursive: true });
  copyFileSync(user.certFile, join(trusted, `${name}.pem`));
}
