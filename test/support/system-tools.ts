/**
 * System tools some suites need (pymodbus, mbpoll, socat, chromium). Never a silent skip: with CI=true a missing
 * tool fails the suite naming its Debian package; elsewhere the suite skips and says why.
 */
import { execFileSync } from 'node:child_process';

/** Tools, how to detect them, and the Debian package that provides each. */
export const SYSTEM_TOOLS = {
  // pymodbus's server imports serial and serial_asyncio, which Debian only recommends: import all of them.
  pymodbus: {
    check: () => probe('/usr/bin/python3', ['-c', 'import pymodbus.server, pymodbus.client, serial, serial_asyncio']),
    pkg: 'python3-pymodbus python3-serial python3-serial-asyncio',
  },
  mbpoll: { check: () => probe('mbpoll', ['-V']), pkg: 'mbpoll' },
  socat: { check: () => probe('socat', ['-V']), pkg: 'socat' },
  chromium: { check: () => probe('/usr/bin/chromium', ['--headless', '--no-sandbox', '--version']), pkg: 'chromium' },
} as const;
export type SystemTool = keyof typeof SYSTEM_TOOLS;

function probe(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the missing tools' reason to skip (outside CI) or throws (in CI). Use as
 * `const skip = requireTools('pymodbus'); describe.skipIf(skip)(...)`.
 */
export function requireTools(...tools: SystemTool[]): string | false {
  const missing = tools.filter((tool) => !SYSTEM_TOOLS[tool].check());
  if (missing.length === 0) return false;
  const message = `missing system tools: ${missing.map((t) => `${t} (apt-get install -y ${SYSTEM_TOOLS[t].pkg})`).join(', ')}`;
  if (process.env.CI === 'true') throw new Error(`${message} — CI must install them (.ci/run)`);
  console.warn(`SKIPPED: ${message}`);
  return message;
}
