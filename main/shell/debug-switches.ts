/**
 * Chromium's remote debugging switches. `--remote-debugging-port` opens an unauthenticated DevTools port through
 * which any local program can drive the logged-in window (take control, jog); no Electron fuse turns it off (the
 * Node inspector's fuse is off already). An installed console therefore refuses to start with one; a development
 * run keeps them (Playwright's Electron tests launch through them).
 */

/**
 * The debugging switches in a launch's arguments, as given: with any prefix Chromium takes for a switch ("--", "-", and
 * "/" on Windows), in any case.
 */
export function remoteDebuggingSwitches(argv: readonly string[]): string[] {
  return argv.filter((arg) => /^(--?|\/)(remote-debugging-(port|pipe|address|targets)|remote-allow-origins|inspect(-brk|-port)?)(=|$)/i.test(arg));
}

/** Why an installed console refuses this launch, or undefined when it may start. */
export function debugLaunchRefusal(argv: readonly string[], isPackaged: boolean): string | undefined {
  const found = remoteDebuggingSwitches(argv);
  if (!isPackaged || found.length === 0) return undefined;
  return `refusing to start with ${found.join(' ')}: a debugging port would let any program on this machine drive the console`;
}
