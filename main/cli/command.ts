/** The shape of one CLI command module: it adds itself to the commander program. */
import type { Command } from 'commander';

/** Output streams, injectable so tests can run commands in-process. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** A CLI command: `register` adds its sub-command; its action resolves with the exit code. */
export interface CliCommand {
  register(program: Command, io: CliIo, setExit: (code: number) => void): void;
}
