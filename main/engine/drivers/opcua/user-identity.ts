/**
 * The OPC UA user identity of a connection: anonymous, user name + password (read from an environment variable,
 * never from the site file, never logged), or an X.509 user certificate.
 */
import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { UserTokenType, type UserIdentityInfo } from 'node-opcua';
import { DriverError } from '../driver-error';
import type { OpcUaConnection } from './opcua-connection';

type User = OpcUaConnection['user'];

/** Builds the identity; `env` is injectable for tests. Rejects with DriverError('auth-failed') when a secret is missing. */
export async function userIdentity(user: User, env: NodeJS.ProcessEnv = process.env): Promise<UserIdentityInfo> {
  switch (user.kind) {
    case 'anonymous':
      return { type: UserTokenType.Anonymous };
    case 'username': {
      const password = env[user.passwordEnv];
      if (password === undefined || password === '') {
        throw new DriverError('auth-failed', 'password-missing', `no password for OPC UA user "${user.name}": set ${user.passwordEnv}`, { user: user.name, passwordEnv: user.passwordEnv });
      }
      return { type: UserTokenType.UserName, userName: user.name, password };
    }
    case 'certificate': {
      let certificate: Buffer;
      let privateKey: string;
      try {
        certificate = new X509Certificate(await readFile(user.certFile)).raw;
        privateKey = await readFile(user.keyFile, 'utf8');
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new DriverError('auth-failed', 'user-certificate-unreadable', `cannot read the X.509 user certificate or key: ${reason}`, { certFile: user.certFile });
      }
      return { type: UserTokenType.Certificate, certificateData: certificate, privateKey };
    }
  }
}

/** A user description safe to log (never the password). */
export function describeUser(user: User): string {
  if (user.kind === 'username') return `user ${user.name}`;
  if (user.kind === 'certificate') return `certificate ${user.certFile}`;
  return 'anonymous';
}
