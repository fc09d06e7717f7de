import { useCallback, useState } from 'react';
import type { ResponseOf } from '@api/contract';
import { useApi, useEvents, useOperation } from '../api/use-api';
import { plainMessage } from '../plain-message';
import { routeHref } from '../router';
import { VersionCompare } from './version-compare';
import { OUTCOME_LABEL, isChange, stateOf } from './watch-words';
import './watch.css';

type WatchChanges = ResponseOf<'watch.changes'>[number];
type Run = WatchChanges['runs'][number];

const time = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—');

/** The text diff a run found: the post's, else the page's. */
function diffOf(run: Run) {
  const d = (run.verdict.differences ?? {}) as { postText?: { op: 'same' | 'added' | 'removed'; text: string }[]; visibleText?: { op: 'same' | 'added' | 'removed'; text: string }[] };
  return d.postText ?? d.visibleText ?? null;
}

/** One watched address: state now, last change, every run on a timeline of marks, and a chosen change side by side. */
function WatchCard({ changes, caseId, onStop }: { changes: WatchChanges; caseId: number; onStop: () => void }) {
  const { watch, runs } = changes;
  const last = runs[runs.length - 1];
  const changed = runs.filter((run, i) => isChange(run.outcome, runs[i - 1]?.outcome));
  const [shown, setShown] = useState<number | null>(changed[changed.length - 1]?.id ?? null);
  const chosen = runs.find((r) => r.id === shown);
  const baseline = chosen ? [...runs.slice(0, runs.indexOf(chosen))].reverse().find((r) => r.itemId !== null && stateOf(r.outcome) === 'present') : undefined;
  return (
    <section className="watch-card" aria-labelledby={`watch-${watch.id}`}>
      <h2 id={`watch-${watch.id}`}>{watch.url}</h2>
      <p>
        State now: <strong className={`watch-state ${last ? stateOf(last.outcome) : 'none'}`}>{last ? OUTCOME_LABEL[stateOf(last.outcome)] ?? stateOf(last.outcome) : 'not captured yet'}</strong>
        {changed.length > 0 ? <> · last change {time(changed[changed.length - 1]!.startedAt)}</> : null}
        {' · '}{watch.state === 'active' ? `every ${watch.everySeconds / 60} min${watch.untilAt ? ` until ${time(watch.untilAt)}` : ''}, next ${time(watch.nextRunAt)}` : `stopped ${time(watch.stoppedAt)} (${watch.stopReason ?? ''})`}
        {watch.itemId ? <> · <a href={routeHref({ screen: 'item', caseId, itemId: watch.itemId })}>first capture</a></> : null}
        {watch.state === 'active' ? <> <button type="button" onClick={onStop}>Stop watching</button></> : null}
      </p>
      <ol className="watch-marks" aria-label="Runs, oldest first">
        {runs.map((run, i) => {
          const change = isChange(run.outcome, runs[i - 1]?.outcome);
          return (
            <li key={run.id} className={`mark ${stateOf(run.outcome)}${change ? ' change' : ''}`}>
              <button type="button" aria-pressed={shown === run.id} onClick={() => setShown(run.id)} title={((run.verdict.evidence as string[] | undefined) ?? []).join('\n')}>
                {time(run.startedAt).slice(11)} {OUTCOME_LABEL[run.outcome] ?? run.outcome}{run.version ? ` (v${run.version})` : ''}
              </button>
            </li>
          );
        })}
      </ol>
      {chosen ? (
        <div className="watch-run">
          <h3>{OUTCOME_LABEL[chosen.outcome] ?? chosen.outcome} at {time(chosen.startedAt)}{chosen.itemId ? <> · <a href={routeHref({ screen: 'item', caseId, itemId: chosen.itemId })}>version {chosen.version}</a></> : null}</h3>
          <ul>{((chosen.verdict.evidence as string[] | undefined) ?? []).map((line, i) => <li key={i}>{plainMessage(line)}</li>)}</ul>
          {chosen.error ? <p className="muted">{plainMessage(chosen.error)}</p> : null}
          {baseline && chosen.itemId && baseline.itemId && baseline.id !== chosen.id ? (
            <VersionCompare before={{ itemId: baseline.itemId, label: `version ${baseline.version}, ${time(baseline.startedAt)}` }} after={{ itemId: chosen.itemId, label: `version ${chosen.version}, ${time(chosen.startedAt)}` }} diff={diffOf(chosen)} />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** Changes: the case's watched addresses, their state, and what changed when (refreshed as runs come in). */
export function ChangesScreen({ caseId }: { caseId: number }) {
  const api = useApi();
  const changes = useOperation('watch.changes', { caseId });
  const [error, setError] = useState<string | null>(null);
  const reload = changes.reload;
  useEvents(useCallback((event) => {
    if (event.topic === 'watch.run' && event.caseId === caseId) reload();
  }, [caseId, reload]));
  const stop = (watchId: number) => {
    setError(null);
    api.call('watch.stop', { caseId, watchIds: [watchId] }).then(reload, (e: Error) => setError(e.message));
  };
  const list = changes.data ?? [];
  return (
    <section className="screen changes" aria-labelledby="changes-heading">
      <h1 id="changes-heading">Changes</h1>
      <p className="muted">Watched pages are captured again on their schedule while the app is open. Each version is kept; a change of state is written to the custody ledger with the time between the last capture that saw the earlier state and the first that saw the new one.</p>
      {error ? <p role="alert" className="error">{error}</p> : null}
      {changes.error && !changes.data ? <p role="alert" className="error">{changes.error}</p> : null}
      {changes.data && list.length === 0 ? <p className="empty">No watched pages in this case. Open a captured page and choose “Watch”.</p> : null}
      {list.map((c) => <WatchCard key={c.watch.id} changes={c} caseId={caseId} onStop={() => stop(c.watch.id)} />)}
    </section>
  );
}
