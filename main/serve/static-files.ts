/**
 * Serves the built renderer (dist/renderer) with safe headers; nothing outside that folder is reachable, and only
 * the file types the page needs: an allow-list, so a stray source map or any other build leftover is never served.
 * A symbolic link inside the folder is followed only to a file that is itself inside it (a link to /etc/passwd named
 * `x.json` is a 404).
 */
import { readFile, realpath } from 'node:fs/promises';
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
  const path = normalize(join(root, decoded === '/' ? 'index.html' : decoded));
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : undefined;
}

/** Whether `path`, links resolved, is inside `root` (links resolved too). */
async function reallyInside(root: string, path: string): Promise<boolean> {
  const [realRoot, real] = await Promise.all([realpath(root), realpath(path)]);
  return real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
}

/** Writes the file at `path` (resolved inside `root` by resolveInside) or a 404. */
export async function sendFile(response: ServerResponse, root: string, path: string | undefined, headers: Record<string, string>): Promise<void> {
  const type = path ? TYPES[extname(path).toLowerCase()] : undefined;
  if (!path || !type) return void response.writeHead(404, headers).end('not found');
  try {
    if (!(await reallyInside(root, path))) return void response.writeHead(404, headers).end('not found');
    const body = await readFile(path);
    response.writeHead(200, { ...headers, 'Content-Type': type }).end(body);
  } catch {
    response.writeHead(404, headers).end('not found');
  }
}
