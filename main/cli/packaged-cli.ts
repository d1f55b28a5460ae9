/**
 * The CLI of an installed console: `"Remote Equipment Console" --cli validate site.yaml` (main/index.ts). A field
 * install has neither Node nor the sources (the runAsNode fuse is off), so these commands run in Electron's own main
 * process, bundled with it. Only what a field workstation needs: checking a site file, probing devices, certificates
 * and the audit log. The console itself is the app; the simulators and serve mode are not shipped.
 */
import { basename } from 'node:path';
import type { CliCommand, CliIo } from './command';
import { main } from './main';
import { auditCommand } from './commands/audit';
import { browseCommand } from './commands/browse';
import { certsCommand } from './commands/certs';
import { hashSecretCommand } from './commands/hash-secret';
import { pingCommand } from './commands/ping';
import { readCommandFor, writeCommandFor } from './commands/read-write';
import { validateCommand } from './commands/validate';

export const packagedCliCommands: readonly CliCommand[] = [validateCommand, readCommandFor(true), writeCommandFor(true), pingCommand, browseCommand, certsCommand, hashSecretCommand, auditCommand];

/** Commands of the development CLI that an installed console does not have, and what to do instead. */
const NOT_INSTALLED: Readonly<Record<string, string>> = {
  start: 'the console is this app: run it without --cli',
  serve: 'serve mode is part of the development CLI (npx rec-console serve), not of an installed console',
  sim: 'the simulators are part of the development CLI (npx rec-console sim), not of an installed console',
};

const stdio: CliIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

/** Runs one CLI command of an installed console (`args` after `--cli`); resolves with the exit code. */
export async function runPackagedCli(args: string[], io: CliIo = stdio, executable = process.execPath): Promise<number> {
  const instead = args[0] === undefined ? undefined : NOT_INSTALLED[args[0]];
  if (instead) {
    io.err(`rec-console: "${args[0]}" is not available here: ${instead}`);
    return 2;
  }
  return main(args, io, packagedCliCommands, `${basename(executable)} --cli`);
}
