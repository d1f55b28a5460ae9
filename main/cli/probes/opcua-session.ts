/** Opens the OPC UA driver for one CLI command from a URL and the command-line security options. */
import { OpcUaConnection as OpcUaConnectionSchema } from '../../../shared/site/schema';
import { defaultDataDir } from '../../engine/data-dir';
import { DriverError } from '../../engine/drivers/driver-error';
import type { OpcUaConnection } from '../../engine/drivers/opcua';
import { OpcUaDriver } from '../../engine/drivers/opcua/opcua-driver';
import { routeOpcUaLibraryLogsToStderr } from '../../engine/drivers/opcua/library-logging';
import { closeAllPki } from '../../engine/drivers/opcua/pki';
import { createLogger } from '../../engine/log';
import { CliError, describeError } from '../cli-error';
import type { ProbeOptions } from './probe';
import { obtainPassword, PASSWORD_ENV } from './password-prompt';

/** The connection a CLI command describes: secure by default (SignAndEncrypt/Basic256Sha256); None only when asked. */
export async function cliConnection(url: URL, options: ProbeOptions, env: NodeJS.ProcessEnv = process.env): Promise<{ connection: OpcUaConnection; env: NodeJS.ProcessEnv }> {
  const mode = options.security ?? 'SignAndEncrypt';
  const policy = options.policy ?? (mode === 'None' ? 'None' : 'Basic256Sha256');
  let passwordEnv = env;
  if (options.user) passwordEnv = { [PASSWORD_ENV]: await obtainPassword(options.user, env) };
  const parsed = OpcUaConnectionSchema.safeParse({
    id: 'cli',
    protocol: 'opcua',
    endpoint: `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`,
    security: { mode, policy },
    user: options.user ? { kind: 'username', name: options.user, passwordEnv: PASSWORD_ENV } : { kind: 'anonymous' },
    timeoutMs: options.timeoutMs ?? 5000,
  });
  if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => `${i.path.join('.') || 'url'}: ${i.message}`).join('; '), 2);
  return { connection: parsed.data as OpcUaConnection, env: passwordEnv };
}

/** One-line CLI error for a driver failure, with the next step for an untrusted server certificate. */
export function cliErrorOf(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof DriverError && error.kind === 'untrusted-certificate' && typeof error.details.thumbprint === 'string' && error.code !== 'certificate-expired') {
    const d = error.details as { thumbprint: string; validFrom?: string; validTo?: string };
    return new CliError(`${error.message} (valid ${d.validFrom ?? '?'} .. ${d.validTo ?? '?'}); after checking it, run: rec-console certs trust ${d.thumbprint}`);
  }
  return new CliError(describeError(error));
}

/** Connects, runs `work` with the driver, and always closes; failures become one-line CliErrors. */
export async function withOpcUa<T>(url: URL, options: ProbeOptions, work: (driver: OpcUaDriver) => Promise<T>): Promise<T> {
  routeOpcUaLibraryLogsToStderr();
  const { connection, env } = await cliConnection(url, options);
  const driver = new OpcUaDriver({
    connection,
    bindings: [],
    scanClasses: {},
    dataDir: options.dataDir ?? defaultDataDir(),
    log: createLogger('silent'),
    emit: () => undefined,
    linkLost: () => undefined,
    recordRtt: () => undefined,
  }, env);
  try {
    await driver.connect();
    return await work(driver);
  } catch (error) {
    throw cliErrorOf(error);
  } finally {
    await driver.close();
    await closeAllPki();
  }
}
