/** Hash routes: #/overview, #/equipment/ID, #/diagnostics. No router library needed for three levels. */
import { useSyncExternalStore } from 'react';

export type Route = { page: 'overview' } | { page: 'equipment'; id?: string } | { page: 'diagnostics' } | { page: 'trends' };

/** Parses a location hash into a route (unknown hashes show the overview). */
export function parseRoute(hash: string): Route {
  const [, page, id] = (hash.replace(/^#/, '').split('?')[0] ?? '').split('/'); // a page may keep state after '?'
  if (page === 'equipment') return id ? { page, id: decodeURIComponent(id) } : { page };
  if (page === 'diagnostics') return { page };
  if (page === 'trends') return { page };
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
