/** Loads a site file and starts an engine on it: the one start-up path of serve mode, Electron's engine host and the CLI. */
import { formatSiteErrors, parseSiteText } from '../../shared/site/parse';
import { loadSiteFile } from './config/load-site';
import { resolveSiteFiles } from './config/site-files';
import { defaultDataDir } from './data-dir';
import type { Logger } from './drivers/driver';
import { driverFactories } from './drivers/factories';
import type { DriverFactoryTable } from './drivers/registry';
import { Engine } from './engine';
import { tuneEngineHeap } from './heap-tuning';
import type { LinkLabControl } from './services';

export interface StartEngineOptions {
  siteFile: string;
  /** The site's text when it was changed in memory (e.g. demo ports moved); `siteFile` still names it in errors. */
  siteText?: string;
  dataDir?: string;
  log?: Logger;
  factories?: DriverFactoryTable;
  /** The link lab in front of the simulators, when this run has one (`link.profile`). */
  linkLab?: LinkLabControl;
}

/** Starts an engine, or returns the site file's errors already formatted as `file:line:col path: message`. */
export async function startEngine(options: StartEngineOptions): Promise<{ ok: true; engine: Engine } | { ok: false; errors: string[] }> {
  const heap = tuneEngineHeap();
  options.log?.info('engine.heap-setting', `V8 ${process.versions.v8}: external memory counted within the heap limit: ${heap}`, { heap });
  const loaded = options.siteText === undefined ? await loadSiteFile(options.siteFile) : await resolveSiteFiles(parseSiteText(options.siteText, options.siteFile), options.siteFile, options.siteText);
  if (!loaded.ok) return { ok: false, errors: formatSiteErrors(loaded.errors) };
  const engine = new Engine({
    site: loaded.site,
    siteFile: options.siteFile,
    dataDir: options.dataDir ?? defaultDataDir(),
    factories: options.factories ?? driverFactories,
    ...(options.log ? { log: options.log } : {}),
    ...(options.linkLab ? { linkLab: options.linkLab } : {}),
  });
  return { ok: true, engine: engine.start() };
}
