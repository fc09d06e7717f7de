import { useEffect, useState } from 'react';
import type { ResponseOf } from '@api/contract';
import { useApi, useOperation } from '../api/use-api';
import { AnalysisNotes } from '../components/analysis-notes';
import { CapturedVideos } from '../components/captured-videos';
import { GradingForm } from '../components/grading-form';
import { ItemComments } from '../components/item-comments';
import { TriageForm, type TriageChange } from '../components/triage-form';
import { useCaseAccess } from '../components/use-case-access';
import { ItemPreview } from '../components/item-preview';
import { LookAlikes } from '../components/look-alikes';
import { PageHashes, PostCard, WallBanners } from '../components/post-card';
import { PostComments } from '../components/post-comments';
import { ProvenancePanel } from '../components/provenance-panel';
import { ArtifactsTable, CustodyTable, FieldsTable } from '../components/item-tables';
import { EVENT_SOURCE_SHORT, flagLabel, formatDistance, formatInZone, formatUtc } from '../format';
import { routeHref } from '../router';
import { statusLabel } from '../triage-words';
import { describeVideoOrigin } from '../video-origin';
import { WatchToggle } from '../watch/watch-toggle';

type Grading = NonNullable<ResponseOf<'item.detail'>['item']['grading']>;

/** "Status set to Verified, assigned to lena" for the status line. */
function describeTriage(change: TriageChange): string {
  const parts = [
    change.status ? `Status set to ${statusLabel(change.status)}` : null,
    change.assignee !== undefined ? (change.assignee ? `assigned to ${change.assignee}` : 'assigned to no one') : null,
  ].filter(Boolean).join(', ');
  return parts.charAt(0).toUpperCase() + parts.slice(1);
}

/** One item: preview, every field with its source, hashes, custody history, notes, tags, grading, withdrawal. */
export function ItemDetailScreen({ caseId, itemId }: { caseId: number; itemId: number }) {
  const api = useApi();
  const detail = useOperation('item.detail', { itemId });
  const access = useCaseAccess(caseId);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [tags, setTags] = useState('');
  const [reason, setReason] = useState('');
  const item = detail.data?.item;
  useEffect(() => {
    if (!item) return;
    setNotes(item.notes);
    setTags(item.tags.join(', '));
  }, [item]);

  const run = async (what: string, action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      setStatus(`${what} — recorded in the custody ledger.`);
      detail.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  if (detail.error && !item) return <section className="screen"><p role="alert" className="error">{detail.error}</p></section>;
  if (!item || !detail.data) return <section className="screen"><p>Loading…</p></section>;
  const c = detail.data.case;
  return (
    <section className="screen item-detail" aria-labelledby="item-heading">
      <div className="screen-head">
        <a href={routeHref({ screen: 'evidence', caseId })}>← Evidence</a>
        <h1 id="item-heading">{item.title ?? item.originalName ?? item.sourceUrl ?? `Item ${item.id}`}</h1>
        <span className={`kind-badge ${item.kind}`}>{item.kind}</span>
        {item.withdrawn ? <span className="flag warn">withdrawn {formatUtc(item.withdrawn.at)} by {item.withdrawn.by}: {item.withdrawn.reason}</span> : null}
      </div>
      <p role="status" className="status">{status}</p>
      {error ? <p role="alert" className="error">{error}</p> : null}
      <WallBanners item={item} />
      <AnalysisNotes item={item} />
      <PostCard detail={detail.data} blobUrl={api.blobUrl} />
      <PostComments comments={item.post?.comments} capture={item.capture} zone={c.timezone ?? null} />
      <CapturedVideos detail={detail.data} blobUrl={api.blobUrl} />
      {item.kind === 'video' && item.parentId !== null ? <p className="video-origin" data-testid="video-origin">{describeVideoOrigin(item.capture, item.flags, item.sourceUrl, item.mediaType)}</p> : null}
      <ProvenancePanel item={item} caseId={caseId} />
      <div className="detail-grid">
        <div className="detail-preview"><ItemPreview item={item} blobUrl={api.blobUrl} /></div>
        <div className="detail-side">
          <dl className="facts">
            <dt>Event time</dt>
            <dd>{formatUtc(item.eventTime?.utc)} <span className="muted">{formatInZone(item.eventTime?.utc, c.timezone)}</span><br /><span className="muted">source: {EVENT_SOURCE_SHORT[item.eventTime?.source ?? 'none']} · confidence {item.eventTime?.confidence ?? 'none'}</span></dd>
            <dt>Captured / acquired</dt><dd>{formatUtc(item.acquiredAt)} by {item.acquiredBy}</dd>
            <dt>Place</dt><dd>{item.location ? `${item.location.lat.toFixed(6)}, ${item.location.lon.toFixed(6)} (${item.location.source})` : 'unknown'}</dd>
            <dt>From the scene</dt><dd>{item.scene ? `${formatDistance(item.scene.distanceM)} at ${item.scene.bearingDeg}° ${item.scene.withinRadius ? '(inside radius)' : '(outside radius)'}` : '—'}</dd>
            <dt>In the window</dt><dd>{item.withinWindow === null ? 'unknown' : item.withinWindow ? 'yes' : 'no'}</dd>
            <dt>Flags</dt><dd>{item.flags.length ? item.flags.map(flagLabel).join(', ') : 'none'}</dd>
            {item.kind === 'page' ? null : <><dt>SHA-256</dt><dd className="hash">{item.sha256}</dd></>}
          </dl>
          {item.kind === 'page' ? <><h2>Hashes of this capture</h2><PageHashes item={item} blobUrl={api.blobUrl} /></> : null}
          <h2>Triage</h2>
          <TriageForm triage={item.triage} access={access} onSave={(change: TriageChange) => run(describeTriage(change), () => api.call('item.setTriage', { itemId, ...change }))} />
          <ItemComments caseId={caseId} itemId={itemId} access={access} onAdded={() => { setStatus('Comment added — recorded in the custody ledger.'); detail.reload(); }} />
          {access.mayChange ? (
            <>
              <h2>Grading (3x5x2)</h2>
              <GradingForm grading={item.grading} onSave={(grading: Grading | null) => run(grading ? `Graded ${grading.source}${grading.intelligence}${grading.handling}` : 'Grading cleared', () => api.call('item.setGrading', { itemId, grading }))} />
              <h2>Notes</h2>
              <form onSubmit={(e) => { e.preventDefault(); void run('Notes saved', () => api.call('item.setNotes', { itemId, notes })); }}>
                <label className="sr-only" htmlFor="notes">Notes</label>
                <textarea id="notes" rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />
                <button type="submit" disabled={notes === item.notes}>Save notes</button>
              </form>
              <h2>Tags</h2>
              <form onSubmit={(e) => { e.preventDefault(); void run('Tags saved', () => api.call('item.setTags', { itemId, tags: tags.split(',').map((t) => t.trim()).filter(Boolean) })); }}>
                <label>Tags, separated by commas<input value={tags} onChange={(e) => setTags(e.target.value)} /></label>
                <button type="submit">Save tags</button>
              </form>
            </>
          ) : access.known ? <ReviewerReading item={item} /> : null}
        </div>
      </div>
      <h2>Fields and where they came from</h2>
      <FieldsTable fields={detail.data.fields} />
      <h2>Files and hashes</h2>
      <ArtifactsTable item={item} blobUrl={api.blobUrl} />
      {item.kind === 'photo' || item.kind === 'video' ? (
        <>
          <h2>Look-alikes</h2>
          <LookAlikes caseId={caseId} itemId={itemId} />
        </>
      ) : null}
      <WatchToggle caseId={caseId} item={item} />
      <h2>Custody history</h2>
      <CustodyTable entries={detail.data.custody} />
      {!item.withdrawn && access.mayChange ? (
        <form className="withdraw" onSubmit={(e) => { e.preventDefault(); void run('Item withdrawn', () => api.call('items.withdraw', { itemId, reason })); }}>
          <h2>Withdraw</h2>
          <p className="hint">A withdrawn item is kept, with who withdrew it, when and why.</p>
          <label>Reason<input value={reason} onChange={(e) => setReason(e.target.value)} /></label>
          <button type="submit" className="danger" disabled={!reason.trim()}>Withdraw item</button>
        </form>
      ) : null}
    </section>
  );
}

/** Grading, notes and tags as text, for a reviewer on a team server (who may read them, not change them). */
function ReviewerReading({ item }: { item: ResponseOf<'item.detail'>['item'] }) {
  const grading = item.grading;
  return (
    <div data-testid="review-read-only">
      <h2>Grading (3x5x2)</h2>
      <p>{grading ? `${grading.source}${grading.intelligence}${grading.handling}${grading.conditions ? ` (conditions: ${grading.conditions})` : ''}` : 'Not graded.'}</p>
      <h2>Notes</h2>
      <p className="notes-text">{item.notes || 'No notes.'}</p>
      <h2>Tags</h2>
      <p>{item.tags.length > 0 ? item.tags.join(', ') : 'No tags.'}</p>
    </div>
  );
}
