/** `rec-console hash-secret`: prints the scrypt hash of a PIN or password for a site file's `users[].secretHash`. */
import { text } from 'node:stream/consumers';
import type { CliCommand } from '../command';
import { CliError } from '../cli-error';
import { promptHidden } from '../probes/password-prompt';
import { hashSecret } from '../../engine/auth/secret-hash';

/** The secret from a no-echo prompt (asked twice), or the first line of piped stdin. */
async function readSecret(): Promise<string> {
  if (!process.stdin.isTTY) return (await text(process.stdin)).split(/\r?\n/)[0] ?? '';
  const first = await promptHidden('PIN or password: ');
  const second = await promptHidden('Again: ');
  if (first !== second) throw new CliError('the two entries differ', 2);
  return first;
}

export const hashSecretCommand: CliCommand = {
  register(program, io) {
    program
      .command('hash-secret')
      .description("hash a user's PIN or password for the site file (prompted without echo, or read from stdin)")
      .action(async () => {
        const secret = await readSecret();
        if (secret.length < 4) throw new CliError('a PIN or password needs at least 4 characters', 2);
        io.out(await hashSecret(secret));
      });
  },
};
