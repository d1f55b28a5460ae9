import { describe, expect, it } from 'vitest';
import { cliLaunch } from '../../../main/shell/cli-mode';

describe('cliLaunch (an installed console run with --cli)', () => {
  it('is no CLI launch without --cli', () => {
    expect(cliLaunch(['/opt/rec/rec-console'], '/app', '/profile')).toBeUndefined();
    expect(cliLaunch(['electron', '.', '--site', 'site.yaml'], '/app', '/profile')).toBeUndefined();
  });

  it("passes everything after --cli to the CLI, which defaults to the console's data folder", () => {
    expect(cliLaunch(['/opt/rec/rec-console', '--cli', 'validate', 'site.yaml'], '/app', '/profile')).toEqual({ args: ['validate', 'site.yaml'], dataDir: '/profile' });
    // A development run (electron .): the CLI's own --data-dir is left to the CLI.
    expect(cliLaunch(['electron', '.', '--cli', 'audit', 'verify', '--data-dir', '/x'], '/app', '/profile')).toEqual({ args: ['audit', 'verify', '--data-dir', '/x'], dataDir: '/profile' });
  });

  it('takes the folder the window would use: --user-data or --data-dir before --cli', () => {
    expect(cliLaunch(['rec', '--user-data', '/training', '--cli', 'certs', 'list'], '/app', '/profile')?.dataDir).toBe('/training');
    expect(cliLaunch(['rec', '--data-dir', '/data', '--cli', 'certs', 'list'], '/app', '/profile')?.dataDir).toBe('/data');
  });
});
