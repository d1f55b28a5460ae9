/** Hash routes: #/overview, #/equipment/ID, #/diagnostics, #/gamepad. No router library needed for three levels. */
import { useSyncExternalStore } from 'react';

export type Route = { page: 'overview' } | { page: 'equipment'; id?: string } | { page: 'diagnostics' } | { page: 'gamepad' };

/** Parses a location hash into a route (unknown hashes show the overview). */
export function parseRoute(hash: string): Route {
  const [, page, id] = hash.replace(/^#/, '').split('/');
  if (page === 'equipment') return id ? { page, id: decodeURIComponent(id) } : { page };
  if (page === 'diagnostics' || page === 'gamepad') return { page };
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
