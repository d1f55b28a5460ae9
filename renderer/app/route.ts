/** Hash routes: #/equipment/ID and the simple pages below (#/overview, #/link, …). No router library needed. */
import { useSyncExternalStore } from 'react';

/** Pages that take no parameter in the path (a page may keep its own state after '?'). */
export const SIMPLE_PAGES = ['overview', 'diagnostics', 'link', 'alarms', 'audit', 'trends', 'gamepad'] as const;
type SimplePage = (typeof SIMPLE_PAGES)[number];

export type Route = { page: SimplePage } | { page: 'equipment'; id?: string };

/** Parses a location hash into a route (unknown hashes show the overview). */
export function parseRoute(hash: string): Route {
  const [, page, id] = (hash.replace(/^#/, '').split('?')[0] ?? '').split('/'); // a page may keep state after '?'
  if (page === 'equipment') return id ? { page, id: decodeURIComponent(id) } : { page };
  if ((SIMPLE_PAGES as readonly string[]).includes(page ?? '')) return { page: page as SimplePage };
  return { page: 'overview' };
}

/** The hash of a route. */
export function routeHref(route: Route): string {
  return route.page === 'equipment' && route.id ? `#/equipment/${encodeURIComponent(route.id)}` : `#/${route.page}`;
}

/** The current route; re-renders on navigation. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(
    (listener) => {
      window.addEventListener('hashchange', listener);
      return () => window.removeEventListener('hashchange', listener);
    },
    () => window.location.hash,
  );
  return parseRoute(hash);
}
