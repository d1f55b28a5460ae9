/** Loads a site file from disk: read errors and parse errors come back as SiteErrors, never as exceptions. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseSiteText, type SiteParseResult } from '../../../shared/site/parse';

/** The demo site shipped with the console; it points at the built-in simulators. */
export const DEMO_SITE_PATH = fileURLToPath(new URL('../../sim/demo-site.yaml', import.meta.url));

/** Reads and validates `path`. */
export async function loadSiteFile(path: string): Promise<SiteParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code})`;
    return { ok: false, errors: [{ file: path, line: 1, col: 1, path: '(file)', message: reason }] };
  }
  return parseSiteText(text, path);
}
