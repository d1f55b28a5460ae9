/** Loads a site file from disk: read errors and parse errors come back as SiteErrors, never as exceptions. */
import { fileURLToPath } from 'node:url';
import { parseSiteText, type SiteParseResult } from '../../../shared/site/parse';
import { decodeSiteText } from '../../../shared/site/site-text';
import { readSiteFileBytes } from './read-site-file';
import { resolveSiteFiles } from './site-files';

/** The demo site shipped with the console; it points at the built-in simulators. */
export const DEMO_SITE_PATH = fileURLToPath(new URL('../../sim/demo-site.yaml', import.meta.url));

/** Reads and validates `path`: a regular file within the size cap, valid UTF-8, then the schema. */
export async function loadSiteFile(path: string): Promise<SiteParseResult> {
  const read = await readSiteFileBytes(path);
  if (!read.ok) return { ok: false, errors: [{ file: path, line: 1, col: 1, path: '(file)', message: read.reason }] };
  const decoded = decodeSiteText(read.bytes);
  if ('problem' in decoded) {
    const { line, col, message } = decoded.problem;
    return { ok: false, errors: [{ file: path, line, col, path: '(file)', message }] };
  }
  return resolveSiteFiles(parseSiteText(decoded.text, path), path, decoded.text);
}
