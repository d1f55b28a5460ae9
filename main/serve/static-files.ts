/**
 * Serves the built renderer (dist/renderer) with safe headers; nothing outside that folder is reachable, and only
 * the file types the page needs: an allow-list, so a stray source map or any other build leftover is never served.
 * A symbolic link inside the folder is followed only to a file that is itself inside it and of a type served (a link
 * to /etc/passwd named `x.json`, or `map.js` to a source map, is a 404); what was checked is what is read (the
 * resolved path, opened without following a link), so swapping the link between the check and the read gains nothing.
 */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** The only file types served; anything else (e.g. `.map`, which would carry our sources) is a 404. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Resolves a URL path inside `root`, or undefined when it would escape it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  // No hidden file or folder (`.env`, `.git/`): the build writes none, so one found there was put by something else.
  if (decoded.split(/[\\/]/).some((part) => part.startsWith('.') && part !== '.' && part !== '..')) return undefined;
  const path = normalize(join(root, decoded === '/' ? 'index.html' : decoded));
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : undefined;
}

/** `path` with every link resolved, when that is inside `root` (resolved too) and of a type served; else undefined. */
async function servedPath(root: string, path: string): Promise<string | undefined> {
  const [realRoot, real] = await Promise.all([realpath(root), realpath(path)]);
  return real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep) && TYPES[extname(real).toLowerCase()] ? real : undefined;
}

/** The file's bytes, opened without following a link (the path was resolved: a link found there now is a swap). */
async function readResolved(path: string): Promise<Buffer> {
  const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await file.readFile();
  } finally {
    await file.close();
  }
}

/** Writes the file at `path` (resolved inside `root` by resolveInside) or a 404. */
export async function sendFile(response: ServerResponse, root: string, path: string | undefined, headers: Record<string, string>): Promise<void> {
  const type = path ? TYPES[extname(path).toLowerCase()] : undefined;
  if (!path || !type) return void response.writeHead(404, headers).end('not found');
  try {
    const real = await servedPath(root, path);
    if (!real) return void response.writeHead(404, headers).end('not found');
    const body = await readResolved(real);
    response.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(real).toLowerCase()] ?? type }).end(body);
  } catch {
    response.writeHead(404, headers).end('not found');
  }
}
