/** `rec-console start` ends as the Electron console it launched did: a failed console is a failed command. */
import { describe, expect, it } from 'vitest';
import { electronFailure } from '../../../main/cli/electron-exit';

describe('the exit of rec-console start after Electron', () => {
  it('a normal close, or the Ctrl+C / shutdown signal, is success', () => {
    expect(electronFailure({ code: 0, signal: null })).toBeUndefined();
    expect(electronFailure({ code: null, signal: 'SIGINT' })).toBeUndefined();
    expect(electronFailure({ code: null, signal: 'SIGTERM' })).toBeUndefined();
  });

  it('an exit code, a crash signal or a launch error fails the command with a line saying which', () => {
    expect(electronFailure({ code: 3, signal: null })).toMatchObject({ exitCode: 3, message: expect.stringContaining('code 3') });
    expect(electronFailure({ code: null, signal: 'SIGSEGV' })).toMatchObject({ exitCode: 1, message: 'Electron ended on SIGSEGV' });
    expect(electronFailure({ code: null, signal: null, error: new Error('spawn EACCES') })).toMatchObject({ exitCode: 1, message: 'could not start Electron: spawn EACCES' });
  });
});
