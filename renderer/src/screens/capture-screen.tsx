import { useCallback, useState } from 'react';
import type { ResponseOf } from '@api/contract';
import { useApi, useEvents, useOperation } from '../api/use-api';
import { flagLabel, formatBytes, formatUtc } from '../format';
import { CaptureOutcome, failureReason, summariseRun, type CaptureRunSummary } from '../components/capture-outcome';
import { CaptureSettings, captureRunSettings, DEFAULT_CAPTURE_SETTINGS, type CaptureSettingsValue } from '../components/capture-settings';
import { routeHref } from '../router';

/** The most posts one profile may have queued at once (as the capture service allows). */
const MAX_FOLLOW_POSTS = 100;

function followLimit(setting: string): number {
  const n = Number(setting);
  return setting.trim() !== '' && Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_FOLLOW_POSTS) : MAX_FOLLOW_POSTS;
}

type QueueEntry = ResponseOf<'capture.queue'>[number];

/** A post's address as the queue keeps it (the capture service queues the URL's normalised form). */
function queuedForm(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/**
 * On a captured profile page's row (one that lists recent posts): how many of them are in the
 * queue already (followed from it, or captured before), and a button that captures those not
 * yet queued, as many as the follow-posts setting says, else every one left.
 */
function FollowPostsButton({ itemId, limit, entries, disabled, onFollow }: { itemId: number; limit: number; entries: QueueEntry[]; disabled: boolean; onFollow: (count: number) => void }) {
  const item = useOperation('items.get', { itemId });
  const listed = item.data?.post?.kind === 'profile' ? (item.data.post.recentPosts ?? []).map((post) => queuedForm(post.url)) : [];
  if (listed.length === 0) return null;
  const inQueue = new Map(entries.map((entry) => [entry.url, entry]));
  const queued = listed.filter((url) => inQueue.has(url));
  const captured = queued.filter((url) => inQueue.get(url)!.state === 'captured').length;
  // The capture service takes the first `count` listed and passes over those queued already:
  // counting up to the last post wanted queues exactly the ones left.
  const left = listed.map((url, index) => ({ url, index })).filter((post) => !inQueue.has(post.url)).slice(0, limit);
  const count = left.length > 0 ? left[left.length - 1]!.index + 1 : 0;
  const posts = (n: number) => (n === 1 ? 'recent post' : `${n} recent posts`);
  return (
    <div>
      {queued.length > 0 ? (
        <div className="muted" data-testid="follow-posts-status">
          {queued.length} of its {listed.length} recent posts queued{captured > 0 ? ` (${captured} captured)` : ''}
        </div>
      ) : null}
      {left.length > 0 ? (
        <button type="button" data-testid="follow-posts-button" disabled={disabled} onClick={() => onFollow(count)}>
          {queued.length > 0 ? `Capture ${left.length} more of its recent posts` : `Capture its ${posts(left.length)}`}
        </button>
      ) : null}
    </div>
  );
}

/** What the page has heard about one queue entry while capturing. */
interface LiveState {
  phase: string;
  bytes: number;
  artifacts: number;
  flags: string[];
  note: string | null;
}

/** Where the proxy setting is kept between visits (shared with Browse). */
export const PROXY_KEY = 'goldenhour.proxy';

/**
 * Capture: paste URLs, one per line. Each becomes a queue entry with live progress (started,
 * artifacts written, retries) and an outcome: captured (with its flags, e.g. a login wall),
 * or failed with the reason. Failed ones can be retried.
 */
export function CapturePanel({ caseId }: { caseId: number }) {
  const api = useApi();
  const queue = useOperation('capture.queue', { caseId });
  const [urls, setUrls] = useState('');
  const [captureSettings, setCaptureSettings] = useState<CaptureSettingsValue>(() => ({ ...DEFAULT_CAPTURE_SETTINGS, proxy: localStorage.getItem(PROXY_KEY) ?? '' }));
  const [running, setRunning] = useState(false);
  const [live, setLive] = useState<Record<number, LiveState>>({});
  const [message, setMessage] = useState<CaptureRunSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reloadQueue = queue.reload;

  useEvents(useCallback((event) => {
    if (event.topic !== 'capture.progress' || event.caseId !== caseId || typeof event.queueId !== 'number') return;
    const id = event.queueId;
    setLive((all) => {
      const now = all[id] ?? { phase: 'queued', bytes: 0, artifacts: 0, flags: [], note: null };
      const next = { ...now };
      if (event.type === 'started') next.phase = `capturing (attempt ${String(event.attempt)})`;
      if (event.type === 'artifact') {
        next.artifacts += 1;
        next.bytes += Number(event.bytes);
        next.phase = `capturing: ${String(event.role)}`;
      }
      if (event.type === 'retrying') next.note = `retrying: ${failureReason(String(event.url ?? ''), String(event.error))}`;
      if (event.type === 'done') {
        next.phase = 'captured';
        next.flags = (event.flags as string[]) ?? [];
      }
      if (event.type === 'failed') next.phase = 'failed';
      return { ...all, [id]: next };
    });
    if (event.type === 'done' || event.type === 'failed' || event.type === 'queued') reloadQueue();
  }, [caseId, reloadQueue]));

  const run = async (work: () => Promise<void>) => {
    setError(null);
    setMessage(null);
    setRunning(true);
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
      reloadQueue();
    }
  };
  const settings = () => captureRunSettings(captureSettings);
  const capture = () => run(async () => {
    localStorage.setItem(PROXY_KEY, captureSettings.proxy.trim());
    const list = urls.split('\n').map((u) => u.trim()).filter(Boolean);
    const result = await api.call('capture.run', { caseId, urls: list, ...settings() });
    // Lines not captured stay in the box (with their reasons listed), so they can be corrected.
    const notCaptured = new Set(result.errors.map((e) => e.url));
    setUrls(list.filter((u) => notCaptured.has(u)).join('\n'));
    setMessage(summariseRun('capture', result));
  });
  // A captured profile's row: queue the posts it lists (as many as the setting says, else all shown) and capture them.
  const followPosts = (itemId: number, count: number) => run(async () => {
    // A team server's workers take the posts at once, with these settings; locally the run below captures them.
    const { followPosts: _notFollowed, ...jobSettings } = settings();
    await api.call('capture.followPosts', { caseId, itemId, count, ...jobSettings });
    // The posts carry their origin; the run itself follows nothing further.
    const result = await api.call('capture.run', { caseId, ...settings(), followPosts: undefined });
    setMessage(summariseRun('capture', result));
  });
  const retry = () => run(async () => {
    await api.call('capture.retry', { caseId });
    const result = await api.call('capture.run', { caseId, ...settings() });
    setMessage(summariseRun('retry', result));
  });
  const entries = queue.data ?? [];
  const failed = entries.filter((e) => e.state === 'failed').length;
  // The flags of captured pages (a login wall...), read back so they show after a reload too.
  const capturedIds = entries.flatMap((e) => (e.itemId ? [e.itemId] : []));
  const captured = useOperation('items.summary', capturedIds.length ? { caseId, filter: { ids: capturedIds } } : null);
  const names = new Map((captured.data?.rows ?? []).map((row) => [row.id, row.name]));
  const storedFlags = new Map((captured.data?.rows ?? []).map((row) => [row.id, row.flags.filter((f) => f !== 'ungraded' && f !== 'no-time' && f !== 'outside-window' && f !== 'outside-radius')]));

  return (
    <section className="screen capture" aria-labelledby="capture-heading">
      <h1 id="capture-heading">Capture pages</h1>
      <form className="capture-form" onSubmit={(e) => { e.preventDefault(); void capture(); }}>
        <label>Addresses to capture, one per line
          <textarea rows={5} value={urls} onChange={(e) => setUrls(e.target.value)} placeholder={'https://x.com/someone/status/123\nhttps://www.youtube.com/watch?v=...'} />
        </label>
        <CaptureSettings value={captureSettings} onChange={setCaptureSettings} />
        <div className="actions">
          <button type="submit" className="primary" disabled={running || !urls.trim()}>{running ? 'Capturing…' : 'Capture'}</button>
          <button type="button" onClick={() => void retry()} disabled={running || failed === 0}>Retry {failed || ''} failed</button>
        </div>
      </form>
      {message ? <CaptureOutcome summary={message} /> : null}
      {error ? <p role="alert" className="error">{error}</p> : null}
      <h2>Queue</h2>
      {entries.length === 0 ? <p className="muted">Nothing captured in this case yet.</p> : (
        <table className="table compact" data-testid="capture-queue">
          <thead><tr><th scope="col">Address</th><th scope="col">State</th><th scope="col">Progress</th><th scope="col">Outcome</th><th scope="col">Finished</th></tr></thead>
          <tbody>
            {[...entries].reverse().map((entry) => {
              const l = live[entry.id];
              const flags = l?.flags ?? (entry.itemId ? storedFlags.get(entry.itemId) ?? [] : []);
              return (
                <tr key={entry.id} data-state={entry.state}>
                  <td className="value">{entry.url}</td>
                  <td><span className={`flag${entry.state === 'failed' ? ' warn' : ''}`}>{entry.state === 'running' && l ? l.phase : entry.state}</span></td>
                  <td>{l ? `${l.artifacts} files · ${formatBytes(l.bytes)}` : entry.attempts ? `${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}` : ''}{l?.note ? <div className="muted">{l.note}</div> : null}</td>
                  <td>
                    {entry.itemId ? <a href={routeHref({ screen: 'item', caseId, itemId: entry.itemId })} data-testid="outcome-item">{names.get(entry.itemId) ?? 'the captured page'} <span className="muted">(item {entry.itemId})</span></a> : null}
                    {flags.map((f) => <span key={f} className="flag warn"> {flagLabel(f)}</span>)}
                    {entry.error ? <span className="error-text">{failureReason(entry.url, entry.error)}</span> : null}
                    {entry.itemId && entry.followedFrom === null ? <FollowPostsButton itemId={entry.itemId} limit={followLimit(captureSettings.followPosts)} entries={entries} disabled={running} onFollow={(count) => void followPosts(entry.itemId!, count)} /> : null}
                    {entry.followedFrom ? <div className="muted">followed from item {entry.followedFrom.itemId}</div> : null}
                  </td>
                  <td>{formatUtc(entry.finishedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
