/** The rec-console CLI: a table of command modules on commander. */
import { Command, CommanderError } from 'commander';
import { ENGINE_VERSION } from '../engine/version';
import { CliError, describeError } from './cli-error';
import type { CliCommand, CliIo } from './command';
import { cliCommands } from './commands';

const stdio: CliIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

/** Runs the CLI with `args` (without node and script); resolves with the exit code. `name` is how usage lines call it. */
export async function main(args: string[], io: CliIo = stdio, commands: readonly CliCommand[] = cliCommands, name = 'rec-console'): Promise<number> {
  let exitCode = 0;
  const program = new Command(name)
    .description('Remote Equipment Console: serve the console, run simulators, validate site files, probe Modbus and OPC UA devices.')
    .version(ENGINE_VERSION)
    .showHelpAfterError(`(run "${name} --help" for usage)`)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  for (const command of commands) command.register(program, io, (code) => (exitCode = code));
  try {
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      io.err(`rec-console: ${error.message}`);
      return error.exitCode;
    }
    io.err(`rec-console: ${describeError(error)}`);
    return 1;
  }
}
