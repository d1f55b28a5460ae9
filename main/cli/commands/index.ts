/** Every CLI command, in the order `--help` lists them. One line per command module. */
import type { CliCommand } from '../command';
import { simCommand } from './sim';
import { validateCommand } from './validate';

export const cliCommands: readonly CliCommand[] = [validateCommand, simCommand];
