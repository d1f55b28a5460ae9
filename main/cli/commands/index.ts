/** Every CLI command, in the order `--help` lists them. One line per command module. */
import type { CliCommand } from '../command';
import { auditCommand } from './audit';
import { browseCommand } from './browse';
import { certsCommand } from './certs';
import { hashSecretCommand } from './hash-secret';
import { pingCommand } from './ping';
import { readCommand, writeCommand } from './read-write';
import { serveCommand } from './serve';
import { simCommand } from './sim';
import { startCommand } from './start';
import { validateCommand } from './validate';

export const cliCommands: readonly CliCommand[] = [startCommand, validateCommand, serveCommand, simCommand, readCommand, writeCommand, pingCommand, browseCommand, certsCommand, hashSecretCommand, auditCommand];
