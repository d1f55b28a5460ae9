/** Gives a simulator data directory a server certificate that expired days ago (bad-certificate tests). */
import { join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';

/** Writes `<simDataDir>/sim-rig-pki/own/certs/certificate.pem`, valid for 2 days ending 8 days ago. */
export async function writeExpiredRigCertificate(simDataDir: string): Promise<void> {
  const cm = new OPCUACertificateManager({ rootFolder: join(simDataDir, 'sim-rig-pki'), disableFileWatchers: true });
  await cm.initialize();
  try {
    await cm.createSelfSignedCertificate({
      applicationUri: 'urn:rec-console:sim:rig',
      subject: '/CN=expired rig simulator',
      dns: ['localhost'],
      startDate: new Date(Date.now() - 10 * 86_400_000),
      validity: 2,
      outputFile: join(cm.rootDir, 'own', 'certs', 'certificate.pem'),
    });
  } finally {
    await cm.dispose();
  }
}
