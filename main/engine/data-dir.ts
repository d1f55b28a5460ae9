/** The per-user data directory (PKI, audit log, caches): REC_DATA_DIR, else the platform's usual place. */
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/** Where the console keeps its per-user data unless told otherwise. */
export function defaultDataDir(): string {
  if (process.env.REC_DATA_DIR) return process.env.REC_DATA_DIR;
  const home = homedir();
  if (platform() === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'rec-console');
  if (platform() === 'darwin') return join(home, 'Library', 'Application Support', 'rec-console');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'rec-console');
}
