import { useCallback, useState } from 'react';
import { useEvents } from '../api/use-api';
import { routeHref } from '../router';
import { OUTCOME_LABEL, isAlarming } from './watch-words';

interface Alert {
  key: string;
  caseId: number;
  url: string;
  outcome: string;
  at: string;
}

/** A banner when a watched post is edited, deleted, suspended or made private (the app runs watches while open). */
export function WatchAlerts() {
  const [alerts, setAlerts] = useState<Alert[]>([]);
  useEvents(useCallback((event) => {
    if (event.topic !== 'watch.run') return;
    const run = event.run as { id: number; outcome: string; startedAt: string } | undefined;
    const watch = event.watch as { url: string } | undefined;
    if (!run || !watch || !isAlarming(run.outcome) || typeof event.caseId !== 'number') return;
    const alert = { key: `${event.caseId}-${run.id}`, caseId: event.caseId, url: watch.url, outcome: run.outcome, at: run.startedAt };
    setAlerts((all) => [...all.filter((a) => a.key !== alert.key), alert].slice(-5));
  }, []));
  if (alerts.length === 0) return null;
  return (
    <div className="watch-alerts" role="alert">
      {alerts.map((a) => (
        <p key={a.key} className="watch-alert">
          <strong>Watched post {OUTCOME_LABEL[a.outcome] ?? a.outcome}</strong> at {a.at.slice(0, 19).replace('T', ' ')} UTC: {a.url}{' '}
          <a href={routeHref({ screen: 'changes', caseId: a.caseId })}>See the changes</a>{' '}
          <button type="button" onClick={() => setAlerts((all) => all.filter((x) => x.key !== a.key))}>Dismiss</button>
        </p>
      ))}
    </div>
  );
}
