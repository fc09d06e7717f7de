import { useEffect, useState } from 'react';
import { parseRoute, routeHref, type Route } from './routes';

export { parseRoute, routeHref, type Route };

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

/** The current route, following the address. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
