/** `rec-console certs list|trust THUMBPRINT|untrust THUMBPRINT`: the console's OPC UA trust list (PKI folder); changes are audited. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliCommand, CliIo } from '../command';
import { CliError, describeError } from '../cli-error';
import { defaultDataDir } from '../../engine/data-dir';
import type { CertificateSummary } from '../../engine/drivers/opcua/pki';

/** The PKI folder of a data folder, as pki.ts's pkiRoot names it (not imported: that module loads node-opcua). */
const pkiFolder = (dataDir: string) => join(dataDir, 'pki');

/** The PKI module, loaded on use (it pulls in node-opcua's PKI). */
const loadPki = () => import('../../engine/drivers/opcua/pki');

interface CertsOptions {
  dataDir?: string;
  json?: boolean;
}

/** One certificate as a line: `STORE THUMBPRINT SUBJECT (valid FROM .. TO[, EXPIRED])`. */
export function formatCertificate(store: string, c: CertificateSummary): string {
  return `${store} ${c.thumbprint} ${c.subject} (valid ${c.validFrom} .. ${c.validTo}${c.expired ? ', EXPIRED' : ''})`;
}

/** What is at `path`: a folder, nothing, or something else; any other failure to look is one CLI line. */
function pathKind(path: string): 'folder' | 'missing' | 'other' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw new CliError(`${path}: ${describeError(error)}`);
  }
}

/**
 * The data folder named, refused at once when it is a file (node-opcua would try to make a folder inside it) or holds
 * no certificate store: opening one creates it, with a new private key, and a trust change also starts an audit log
 * there, so a mistyped --data-dir would leave a second, empty console folder behind and answer as if all were well.
 */
function dataFolder(options: CertsOptions): string {
  const dir = options.dataDir ?? defaultDataDir();
  const kind = pathKind(dir);
  if (kind !== 'folder') throw new CliError(`${dir}: ${kind === 'missing' ? 'no such folder' : 'not a folder'} (--data-dir names the console's data folder, which holds pki/)`);
  if (pathKind(pkiFolder(dir)) !== 'folder') {
    throw new CliError(`${dir}: no OPC UA certificate store here (no pki/ folder); check --data-dir (the console makes the store when it first connects to an OPC UA server)`);
  }
  return dir;
}

async function run<T>(work: (pki: Awaited<ReturnType<typeof loadPki>>) => Promise<T>): Promise<T> {
  const [pki, { routeOpcUaLibraryLogsToStderr }] = await Promise.all([loadPki(), import('../../engine/drivers/opcua/library-logging')]);
  routeOpcUaLibraryLogsToStderr();
  try {
    return await work(pki);
  } catch (error) {
    if (error instanceof pki.PkiError) throw new CliError(error.message);
    throw error;
  } finally {
    await pki.closeAllPki();
  }
}

function change(parent: Command, io: CliIo, name: 'trust' | 'untrust'): void {
  parent
    .command(name)
    .description(name === 'trust' ? 'trust a rejected server certificate (then connect again)' : 'move a trusted certificate back to rejected')
    .argument('<thumbprint>', 'SHA-1 thumbprint as listed (colons allowed)')
    .option('--data-dir <dir>', 'data directory (OPC UA certificates)')
    .action(async (thumbprint: string, options: CertsOptions) => {
      const dataDir = dataFolder(options);
      const certificate = await run(() => changeTrustAudited(dataDir, thumbprint, name === 'trust'));
      io.out(formatCertificate(name === 'trust' ? 'trusted' : 'rejected', certificate));
    });
}

/**
 * A trust change as the console makes it: audited (attempt, then outcome) in the data folder's log, by the OS user.
 * Refused, with the reason on the same line, when the log cannot record it: a console running on the folder holds it.
 */
async function changeTrustAudited(dataDir: string, thumbprint: string, trust: boolean): Promise<CertificateSummary> {
  const [{ changeTrustAsOsUser }, { ContractError }, { createMemoryLogger }] = await Promise.all([import('../../engine/safety/os-user-trust'), import('../../../shared/contract/errors'), import('../../engine/log')]);
  const log = createMemoryLogger();
  try {
    return await changeTrustAsOsUser(dataDir, thumbprint, trust, log);
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    const cause = log.entries.findLast((e) => e.level === 'error')?.message;
    if (error.code !== 'refused' || !cause) throw new CliError(error.message);
    // The audit lock's own words (audit/lock.ts) say a console holds the log; any other cause is said as it is.
    const consoleRunning = / in use by process \d+/.test(cause);
    throw new CliError(`${error.message} (${cause})${consoleRunning ? '; while the console runs on this data folder, change trust in it: Diagnostics, as an admin' : ''}`);
  }
}

/** The `certs` command with list, trust and untrust. */
export const certsCommand: CliCommand = {
  register(program, io) {
    const certs = program.command('certs').description("manage the console's OPC UA certificate trust list");
    certs
      .command('list')
      .description('list trusted and rejected certificates')
      .option('--data-dir <dir>', 'data directory (OPC UA certificates)')
      .option('--json', 'print one JSON document')
      .action(async (options: CertsOptions) => {
        const dataDir = dataFolder(options);
        const lists = await run((pki) => pki.listCertificates(dataDir));
        if (options.json) return io.out(JSON.stringify(lists));
        for (const c of lists.trusted) io.out(formatCertificate('trusted', c));
        for (const c of lists.rejected) io.out(formatCertificate('rejected', c));
        if (lists.trusted.length + lists.rejected.length === 0) io.err('(no certificates yet: connect to a server first)');
      });
    change(certs, io, 'trust');
    change(certs, io, 'untrust');
  },
};
