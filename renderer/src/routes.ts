// Routes as address fragments: pure functions, tested without a browser.

/** Where the app is: parsed from the address fragment, so Back, reload and links work. */
export type Route =
  | { screen: 'cases' }
  | { screen: 'new-case' }
  | { screen: 'review' }
  | { screen: 'evidence' | 'timeline' | 'map' | 'capture' | 'browse' | 'import' | 'export' | 'changes' | 'edit'; caseId: number }
  | { screen: 'item'; caseId: number; itemId: number };

const CASE_SCREENS = new Set(['evidence', 'timeline', 'map', 'capture', 'browse', 'import', 'export', 'changes', 'edit']);

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'cases' && parts[1] === 'new') return { screen: 'new-case' };
  if (parts[0] === 'review') return { screen: 'review' };
  if (parts[0] === 'case' && /^\d+$/.test(parts[1] ?? '')) {
    const caseId = Number(parts[1]);
    if (parts[2] === 'item' && /^\d+$/.test(parts[3] ?? '')) return { screen: 'item', caseId, itemId: Number(parts[3]) };
    const screen = parts[2] ?? 'evidence';
    if (CASE_SCREENS.has(screen)) return { screen: screen as 'evidence', caseId };
  }
  return { screen: 'cases' };
}

export function routeHref(route: Route): string {
  switch (route.screen) {
    case 'cases': return '#/';
    case 'new-case': return '#/cases/new';
    case 'review': return '#/review';
    case 'item': return `#/case/${route.caseId}/item/${route.itemId}`;
    default: return `#/case/${route.caseId}/${route.screen}`;
  }
}
