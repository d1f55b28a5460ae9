/**
 * Files a site file names (an OPC UA user's certificate and key): a relative path is taken from the site file's own
 * folder, not from wherever the console was started (a desktop shortcut and a terminal in the site's folder must run
 * the same site), and each must be readable at load, reported at its line and column like any other error.
 */
import { access, constants } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { formatPath, type SiteError, type SiteParseResult } from '../../../shared/site/parse';
import { PathLocator } from '../../../shared/site/locate';

/** Resolves the file references of a valid site against `siteFile`'s folder; a file that cannot be read is an error. */
export async function resolveSiteFiles(result: SiteParseResult, siteFile: string, text: string): Promise<SiteParseResult> {
  if (!result.ok) return result;
  const missing: { path: (string | number)[]; message: string }[] = [];
  const folder = dirname(resolve(siteFile));
  for (const [c, connection] of result.site.connections.entries()) {
    if (connection.protocol !== 'opcua' || connection.user.kind !== 'certificate') continue;
    const user = connection.user;
    for (const field of ['certFile', 'keyFile'] as const) {
      const absolute = isAbsolute(user[field]) ? user[field] : resolve(folder, user[field]);
      const problem = await access(absolute, constants.R_OK).then(
        () => undefined,
        (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? 'no such file' : error.code === 'EACCES' ? 'not readable' : (error.code ?? 'cannot be read')),
      );
      if (problem) missing.push({ path: ['connections', c, 'user', field], message: `${absolute}: ${problem}` });
      user[field] = absolute;
    }
  }
  if (missing.length === 0) return result;
  const lines = new LineCounter();
  const locator = new PathLocator(parseDocument(text, { lineCounter: lines }), text);
  const errors: SiteError[] = missing.map(({ path, message }) => {
    const { line, col } = lines.linePos(locator.offsetOf(path));
    return { file: siteFile, line, col, path: formatPath(path), message };
  });
  return { ok: false, errors };
}
