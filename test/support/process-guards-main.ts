/**
 * Child process for the process-guards test: installs the engine's guards, then causes an unhandled rejection
 * (`rejection`) or an uncaught exception (`exception`). After a rejection it says it is alive on stdout and runs
 * until its stdin says `exit`.
 */
import { createLogger } from '../../main/engine/log';
import { installProcessGuards } from '../../main/engine/process-guards';

installProcessGuards(createLogger('info'));
const mode = process.argv[2];
if (mode === 'rejection') {
  void Promise.reject(new Error('stray failure\nsecond line'));
  // A later task: runs only if the process survived the rejection being processed.
  setTimeout(() => process.stdout.write('alive after the rejection\n'), 0);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (text: string) => {
    if (text.includes('exit')) process.exit(0);
  });
} else {
  setTimeout(() => {
    throw new Error('broken invariant');
  }, 0);
}
