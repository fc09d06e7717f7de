import { useState } from 'react';
import type { ResponseOf } from '@api/contract';
import { useApi, useOperation } from '../api/use-api';
import { ALLOW_PRIVATE_LABEL } from '../plain-message';
import { routeHref } from '../router';
import { parseMinutes } from './watch-words';

type ItemView = ResponseOf<'item.detail'>['item'];

/**
 * Watch a captured page: capture it again every so many minutes (until a time, if given) and
 * report edits and deletions. Shown on a captured page's detail; the app runs watches while open.
 */
export function WatchToggle({ caseId, item }: { caseId: number; item: ItemView }) {
  const api = useApi();
  const changes = useOperation('watch.changes', { caseId });
  const [minutes, setMinutes] = useState('10');
  const [until, setUntil] = useState('');
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (item.kind !== 'page' || !item.sourceUrl) return null;
  const url = item.sourceUrl;
  const watch = (changes.data ?? []).map((c) => c.watch).find((w) => w.state === 'active' && (w.itemId === item.id || w.url === url));
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    setBusy(true);
    try {
      await work();
      changes.reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const start = () => act(async () => {
    const every = parseMinutes(minutes);
    if (every === null) throw new Error(`The interval must be a number of minutes above 0 (a week at most), not "${minutes}".`);
    const end = until ? new Date(until) : null;
    if (end && Number.isNaN(end.getTime())) throw new Error('The end time is not a valid date and time.');
    await api.call('watch.start', { caseId, urls: [url], everyMinutes: every, until: end ? end.toISOString() : null, settings: { allowPrivate } });
  });
  return (
    <section className="watch-toggle" aria-labelledby={`watch-${item.id}`}>
      <h2 id={`watch-${item.id}`}>Watch this page</h2>
      {watch ? (
        <p>
          Watched every {watch.everySeconds / 60} min{watch.untilAt ? ` until ${watch.untilAt.slice(0, 16).replace('T', ' ')} UTC` : ''}; next capture {watch.nextRunAt.slice(11, 19)} UTC.{' '}
          <a href={routeHref({ screen: 'changes', caseId })}>Versions and changes</a>{' '}
          <button type="button" disabled={busy} onClick={() => void act(() => api.call('watch.stop', { caseId, watchIds: [watch.id] }))}>Stop watching</button>
        </p>
      ) : (
        <form className="row" onSubmit={(e) => { e.preventDefault(); void start(); }}>
          <label>Every (minutes)<input inputMode="decimal" value={minutes} onChange={(e) => setMinutes(e.target.value)} size={5} /></label>
          <label>Until (your local time, optional)<input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} /></label>
          <label className="check"><input type="checkbox" checked={allowPrivate} onChange={(e) => setAllowPrivate(e.target.checked)} />{ALLOW_PRIVATE_LABEL}</label>
          <button type="submit" className="primary" disabled={busy}>Watch</button>
        </form>
      )}
      {error ? <p role="alert" className="error">{error}</p> : null}
    </section>
  );
}
