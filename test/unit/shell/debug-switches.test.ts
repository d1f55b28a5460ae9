/** An installed console refuses Chromium's remote debugging switches; a development run (Playwright's) keeps them. */
import { describe, expect, it } from 'vitest';
import { debugLaunchRefusal, remoteDebuggingSwitches } from '../../../main/shell/debug-switches';

describe('remote debugging switches', () => {
  it('finds each form, in any case, and nothing else', () => {
    const argv = ['/opt/app', '--remote-debugging-port=9222', '--REMOTE-DEBUGGING-PIPE', '--remote-debugging-address=0.0.0.0', '--remote-allow-origins=*', '--inspect=0', '--inspect-brk', '--site', 'x.yaml', '--remote-debugging-portal', '--inspector'];
    expect(remoteDebuggingSwitches(argv)).toEqual(['--remote-debugging-port=9222', '--REMOTE-DEBUGGING-PIPE', '--remote-debugging-address=0.0.0.0', '--remote-allow-origins=*', '--inspect=0', '--inspect-brk']);
  });

  it('finds them under the other prefixes Chromium takes: one dash, and a slash (Windows)', () => {
    expect(remoteDebuggingSwitches(['app.exe', '-remote-debugging-port=9222', '/remote-debugging-port=9223', '/opt/app/site.yaml'])).toEqual(['-remote-debugging-port=9222', '/remote-debugging-port=9223']);
  });

  it('refuses only an installed console, and says which switch and why', () => {
    expect(debugLaunchRefusal(['/opt/app', '--remote-debugging-port=0'], true)).toBe('refusing to start with --remote-debugging-port=0: a debugging port would let any program on this machine drive the console');
    expect(debugLaunchRefusal(['electron', '.', '--inspect=0', '--remote-debugging-port=0'], false)).toBeUndefined();
    expect(debugLaunchRefusal(['/opt/app', '--site', 'site.yaml'], true)).toBeUndefined();
  });
});
