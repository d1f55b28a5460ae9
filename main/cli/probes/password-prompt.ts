/** Reads the OPC UA password: REC_OPCUA_PASSWORD, else a prompt without echo on a terminal, else a clear error. */
import { CliError } from '../cli-error';

/** The environment variable the CLI (and the demo site) read the OPC UA password from. */
export const PASSWORD_ENV = 'REC_OPCUA_PASSWORD';

/** Prompts on stderr and reads one line from a TTY stdin with echo off. */
export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    let text = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(text);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('cancelled', 130));
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The password for `user`, from the environment or a prompt; never echoed, never logged. */
export async function obtainPassword(user: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) throw new CliError(`no password for OPC UA user "${user}": set ${PASSWORD_ENV} (stdin is not a terminal, so it cannot be prompted for)`, 2);
  const password = await promptHidden(`Password for OPC UA user ${user}: `);
  if (password === '') throw new CliError('empty password', 2);
  return password;
}
