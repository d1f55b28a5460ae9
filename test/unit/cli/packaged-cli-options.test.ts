/**
 * An installed console's CLI runs inside Electron, whose Chromium acts on some switches before any of our code runs
 * (`--type=Int32` makes the process a Chromium child of type "Int32": no output, a meaningless exit code). None of the
 * installed CLI's options may be one of them; the development CLI keeps `--type` beside `--data-type`.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../main/cli/command';
import { cliCommands } from '../../../main/cli/commands';
import { packagedCliCommands } from '../../../main/cli/packaged-cli';
import { CHROMIUM_SWITCHES, cliLaunch } from '../../../main/shell/cli-mode';

/** Every long option name of every sub-command (`type` for `--type <type>`). */
function optionNames(commands: readonly CliCommand[]): Map<string, string[]> {
  const program = new Command('rec-console');
  for (const command of commands) command.register(program, { out: () => undefined, err: () => undefined }, () => undefined);
  const found = new Map<string, string[]>();
  const walk = (command: Command, path: string) => {
    for (const sub of command.commands) {
      const name = `${path} ${sub.name()}`.trim();
      found.set(name, sub.options.map((o) => (o.long ?? '').replace(/^--/, '')));
      walk(sub, name);
    }
  };
  walk(program, '');
  return found;
}

describe("the installed console's CLI options", () => {
  it('include no switch Chromium or Electron acts on', () => {
    const names = optionNames(packagedCliCommands);
    expect(names.size).toBeGreaterThan(8); // the walk sees the commands (audit verify, certs list …)
    for (const [command, options] of names) for (const option of options) expect(CHROMIUM_SWITCHES, `${command} --${option}`).not.toContain(option);
  });

  it('name the value type --data-type; the development CLI takes --type too', () => {
    expect(optionNames(packagedCliCommands).get('read')).toContain('data-type');
    expect(optionNames(packagedCliCommands).get('write')).toContain('data-type');
    expect(optionNames(cliCommands).get('read')).toEqual(expect.arrayContaining(['type', 'data-type']));
    // The check above can fail: the development CLI does have a Chromium switch.
    expect(optionNames(cliCommands).get('write')).toContain('type');
  });

  it('are reached by --cli as its own word or joined to the command (--cli=validate)', () => {
    expect(cliLaunch(['rec', '--cli=validate', 'site.yaml'], '/app', '/profile')?.args).toEqual(['validate', 'site.yaml']);
    expect(cliLaunch(['rec', '--cli', 'validate', 'site.yaml'], '/app', '/profile')?.args).toEqual(['validate', 'site.yaml']);
    expect(cliLaunch(['rec', '--client', 'x'], '/app', '/profile')).toBeUndefined();
  });
});
