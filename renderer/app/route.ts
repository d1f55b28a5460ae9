/** The current hash route as a hook; parsing lives in route-parse.ts (pure). */
import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './route-parse';

export { parseRoute, routeHref, SIMPLE_PAGES, type Route } from './route-parse';

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
