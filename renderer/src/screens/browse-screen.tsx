import { useCallback, useEffect, useState } from 'react';
import { useApi, useEvents, useOperation } from '../api/use-api';
import { flagLabel, formatUtc } from '../format';
import { ALLOW_PRIVATE_LABEL, plainMessage } from '../plain-message';
import { routeHref } from '../router';
import { PROXY_KEY } from './capture-screen';

interface CaptureNote {
  url: string;
  state: string;
  itemId?: number;
  flags?: string[];
  error?: string;
}

/**
 * Browse and capture: the case's own Chromium opens beside the app (visible, with a profile
 * kept per case so logins last). Every address visited is recorded with its time; "Capture this
 * page" (here, or in the window's own toolbar, or Ctrl+Shift+S in either) captures the current tab
 * in that logged-in browser.
 */
export function BrowseScreen({ caseId }: { caseId: number }) {
  const api = useApi();
  const browse = useOperation('browse.state', { caseId });
  const [address, setAddress] = useState('');
  const [auto, setAuto] = useState(false);
  const [proxy, setProxy] = useState(() => localStorage.getItem(PROXY_KEY) ?? '');
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [notes, setNotes] = useState<CaptureNote[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = browse.reload;
  const state = browse.data;

  useEvents(useCallback((event) => {
    if (event.caseId !== caseId) return;
    if (event.topic === 'browse.visit') reload();
    if (event.topic === 'browse.capture') {
      const note = event as unknown as CaptureNote;
      setNotes((all) => [note, ...all.filter((n) => !(n.url === note.url && n.state === 'started'))].slice(0, 50));
    }
  }, [caseId, reload]));

  const act = useCallback(async (work: () => Promise<unknown>) => {
    setError(null);
    setBusy(true);
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
      reload();
    }
  }, [reload]);
  const captureNow = useCallback(() => act(() => api.call('browse.capture', { caseId })), [act, api, caseId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 's' && state?.open) {
        event.preventDefault();
        void captureNow();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [captureNow, state?.open]);

  return (
    <section className="screen browse" aria-labelledby="browse-heading">
      <h1 id="browse-heading">Browse and capture</h1>
      {!state?.open ? (
        <div className="empty">
          <p>Opens a Chromium window for this case. Log in to platforms there once: the profile is kept for this case only. Every address you visit is recorded in the custody ledger with its time.</p>
          <label className="check"><input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />Capture every page I visit automatically</label>
          <div className="row">
            <label className="grow">Proxy (optional: http://, https:// or socks5:// address all browsing and capture goes through)
              <input value={proxy} onChange={(e) => setProxy(e.target.value)} placeholder="socks5://127.0.0.1:9050" />
            </label>
            <label className="check"><input type="checkbox" checked={allowPrivate} onChange={(e) => setAllowPrivate(e.target.checked)} />{ALLOW_PRIVATE_LABEL}</label>
          </div>
          <div className="actions"><button type="button" className="primary" disabled={busy} onClick={() => void act(() => {
            localStorage.setItem(PROXY_KEY, proxy.trim());
            return api.call('browse.open', { caseId, autoCapture: auto, proxy: proxy.trim() || null, allowPrivate });
          })}>{busy ? 'Opening…' : 'Open the case browser'}</button></div>
        </div>
      ) : (
        <>
          <form className="row" onSubmit={(e) => { e.preventDefault(); void act(() => api.call('browse.goto', { caseId, url: address })); }}>
            <label className="grow">Go to address<input value={address} onChange={(e) => setAddress(e.target.value)} placeholder="https://…" /></label>
            <button type="submit" disabled={busy || !address.trim()}>Go</button>
          </form>
          <p>Current page: <strong data-testid="browse-current">{state.currentUrl ?? '—'}</strong></p>
          <p className="hint">The browser window has its own “Capture this page” button at its bottom right (or press Ctrl+Shift+S there); it shows the outcome in the window, and here.</p>
          <div className="actions">
            <button type="button" className="primary" disabled={busy || !state.currentUrl} onClick={() => void captureNow()} aria-keyshortcuts="Control+Shift+S">Capture this page (Ctrl+Shift+S)</button>
            <label className="check"><input type="checkbox" checked={state.autoCapture} onChange={(e) => void act(() => api.call('browse.setAutoCapture', { caseId, on: e.target.checked }))} />Auto-capture every page visited</label>
            <button type="button" onClick={() => void act(() => api.call('browse.close', { caseId }))}>Close the browser</button>
          </div>
          {notes.length ? (
            <ul className="capture-notes" aria-live="polite">
              {notes.map((n, i) => (
                <li key={i}>{n.state === 'started' ? 'Capturing' : n.state === 'done' ? 'Captured' : 'Failed'} {n.url}
                  {n.itemId ? <> — <a href={routeHref({ screen: 'item', caseId, itemId: n.itemId })}>item {n.itemId}</a></> : null}
                  {(n.flags ?? []).map((f) => <span key={f} className="flag warn"> {flagLabel(f)}</span>)}
                  {n.error ? <span className="error-text">{plainMessage(n.error)}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          <h2>Addresses visited</h2>
          <table className="table compact" data-testid="browse-visits">
            <thead><tr><th scope="col">When (UTC)</th><th scope="col">Address</th><th scope="col">Title</th></tr></thead>
            <tbody>{[...state.visits].reverse().map((v, i) => <tr key={i}><td>{formatUtc(v.at)}</td><td className="value">{v.url}</td><td>{v.title ?? ''}</td></tr>)}</tbody>
          </table>
        </>
      )}
      {error ? <p role="alert" className="error">{error}</p> : null}
    </section>
  );
}
