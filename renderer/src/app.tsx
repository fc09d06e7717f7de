import { useCallback, useEffect, useState } from 'react';
import type { ItemFilter } from '@api/contract/review';
import { useEvents } from './api/use-api';
import { CaseNav } from './components/case-nav';
import { ClosedCaseBanner } from './components/closed-case-banner';
import { ScreenBoundary } from './components/screen-boundary';
import { ConnectionBadge, ConnectionProvider, SessionEndedBanner } from './components/team-connection';
import { routeHref, useRoute, type Route } from './router';
import { CapturePanel } from './screens/capture-screen';
import { BrowseScreen } from './screens/browse-screen';
import { CaseEditScreen } from './screens/case-edit-screen';
import { CaseForm } from './screens/case-form';
import { CasesScreen } from './screens/cases-screen';
import { EvidenceScreen } from './screens/evidence-screen';
import { ExportScreen } from './screens/export-screen';
import { ImportScreen } from './screens/import-screen';
import { ItemDetailScreen } from './screens/item-detail-screen';
import { MapScreen } from './screens/map-screen';
import { ReviewScreen } from './screens/review-screen';
import { TimelineScreen } from './screens/timeline-screen';
import { ChangesScreen } from './watch/changes-screen';
import { WatchAlerts } from './watch/watch-alerts';

/** The filter and selection an investigator builds up in a case, shared by grid, timeline, map and export. */
export interface CaseWorkspace {
  filter: ItemFilter;
  setFilter: (filter: ItemFilter) => void;
  selected: ReadonlySet<number>;
  setSelected: (selected: ReadonlySet<number>) => void;
}

function useWorkspaces(): (caseId: number) => CaseWorkspace {
  const [filters, setFilters] = useState<Record<number, ItemFilter>>({});
  const [selections, setSelections] = useState<Record<number, ReadonlySet<number>>>({});
  return useCallback(
    (caseId: number) => ({
      filter: filters[caseId] ?? {},
      setFilter: (filter) => setFilters((all) => ({ ...all, [caseId]: filter })),
      selected: selections[caseId] ?? new Set<number>(),
      setSelected: (selected) => setSelections((all) => ({ ...all, [caseId]: selected })),
    }),
    [filters, selections],
  );
}

const SCREEN_NAMES: Record<Route['screen'], string> = {
  cases: 'case list', 'new-case': 'new case form', review: 'bundle review', evidence: 'evidence list', item: 'item',
  timeline: 'timeline', map: 'map', capture: 'capture screen', browse: 'browse screen', import: 'import screen', export: 'export screen', changes: 'changes view', edit: 'edit case screen',
};

function Screen({ route, workspace }: { route: Route; workspace: (caseId: number) => CaseWorkspace }) {
  switch (route.screen) {
    case 'cases': return <CasesScreen />;
    case 'new-case': return <CaseForm />;
    case 'review': return <ReviewScreen />;
    case 'evidence': return <EvidenceScreen caseId={route.caseId} workspace={workspace(route.caseId)} />;
    // Keyed by item: moving to another item starts its screen afresh (no stale messages or look-alikes).
    case 'item': return <ItemDetailScreen key={route.itemId} caseId={route.caseId} itemId={route.itemId} />;
    case 'timeline': return <TimelineScreen caseId={route.caseId} workspace={workspace(route.caseId)} />;
    case 'map': return <MapScreen caseId={route.caseId} workspace={workspace(route.caseId)} />;
    case 'capture': return <CapturePanel caseId={route.caseId} />;
    case 'browse': return <BrowseScreen caseId={route.caseId} />;
    case 'import': return <ImportScreen caseId={route.caseId} />;
    case 'export': return <ExportScreen caseId={route.caseId} workspace={workspace(route.caseId)} />;
    case 'changes': return <ChangesScreen caseId={route.caseId} />;
    case 'edit': return <CaseEditScreen caseId={route.caseId} />;
  }
}

/** The app frame: a calm header with where you are, the case's sections, and the screen. */
export function App() {
  const route = useRoute();
  const workspace = useWorkspaces();
  const routeKey = JSON.stringify(route);
  // Each screen starts at its top, as a new page would.
  useEffect(() => {
    document.getElementById('main')?.scrollTo({ top: 0 });
  }, [routeKey]);
  // The desktop menu asks for a screen by its address fragment.
  useEvents((event) => {
    if (event.topic === 'app.navigate' && typeof event.hash === 'string' && event.hash.startsWith('#/')) window.location.hash = event.hash;
  });
  return (
    <ConnectionProvider>
    <div className="app">
      {/* The address fragment is the route, so the skip link moves focus itself instead of navigating. */}
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header className="app-header">
        <a className="brand" href={routeHref({ screen: 'cases' })}>Golden Hour</a>
        {'caseId' in route ? <CaseNav key={route.caseId} caseId={route.caseId} current={route.screen} /> : null}
        <nav aria-label="App" className="app-links">
          <a href={routeHref({ screen: 'cases' })} aria-current={route.screen === 'cases' ? 'page' : undefined}>Cases</a>
          <a href={routeHref({ screen: 'review' })} aria-current={route.screen === 'review' ? 'page' : undefined}>Review a bundle</a>
        </nav>
        <ConnectionBadge />
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <SessionEndedBanner />
        <WatchAlerts />
        {'caseId' in route ? <ClosedCaseBanner key={route.caseId} caseId={route.caseId} /> : null}
        {/* Keyed by route: another case or screen starts with fresh state (no time range or rows of the last case). */}
        <ScreenBoundary key={routeKey} screenName={SCREEN_NAMES[route.screen]} caseId={'caseId' in route ? route.caseId : null}>
          <Screen route={route} workspace={workspace} />
        </ScreenBoundary>
      </main>
    </div>
    </ConnectionProvider>
  );
}
