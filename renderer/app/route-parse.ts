/**
 * Hash routes: #/equipment/ID and the simple pages below (#/overview, #/link, …). No router library needed. Pure (no
 * window, no React), so tests read it directly; route.ts adds the hook.
 */

/** Pages that take no parameter in the path (a page may keep its own state after '?'). */
export const SIMPLE_PAGES = ['overview', 'diagnostics', 'link', 'alarms', 'audit', 'trends', 'gamepad'] as const;
type SimplePage = (typeof SIMPLE_PAGES)[number];

export type Route = { page: SimplePage } | { page: 'equipment'; id?: string };

/** Parses a location hash into a route (unknown hashes show the overview). Never throws: App renders from it. */
export function parseRoute(hash: string): Route {
  const [, page, id] = (hash.replace(/^#/, '').split('?')[0] ?? '').split('/'); // a page may keep state after '?'
  if (page === 'equipment') return id ? { page, id: decodedId(id) } : { page };
  if ((SIMPLE_PAGES as readonly string[]).includes(page ?? '')) return { page: page as SimplePage };
  return { page: 'overview' };
}

/**
 * An id as written in the hash, decoded. A malformed escape (a truncated bookmark: `%E0%A4%A`) stays as typed, so the
 * panel says no such equipment exists instead of the decode error unmounting the window, its stop button with it.
 */
function decodedId(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

/** The hash of a route. */
export function routeHref(route: Route): string {
  return route.page === 'equipment' && route.id ? `#/equipment/${encodeURIComponent(route.id)}` : `#/${route.page}`;
}
