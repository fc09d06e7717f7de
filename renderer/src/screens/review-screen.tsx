import { useMemo, useState } from 'react';
import type { ItemFilter } from '@api/contract/review';
import { useApi } from '../api/use-api';
import { FilterBar } from '../components/filter-bar';
import { CommentList } from '../components/item-comments';
import { ItemRow } from '../components/item-row';
import { CustodyTable } from '../components/item-tables';
import { VirtualList } from '../components/virtual-list';
import { EVENT_SOURCE_SHORT, flagLabel, formatBytes, formatUtc } from '../format';
import { statusLabel } from '../triage-words';
import { PostComments } from '../components/post-comments';
import { MapCanvas } from '../map/map-canvas';
import { TimelineCanvas } from '../timeline/timeline-canvas';
import { BundleImage, bundlePicture, bundleSummary, SealFaults, unreadableSummary, VerdictBadge, type OpenedBundle } from './review-parts';
import { bundleFacets, filterBundleRows } from './review-filter';

type Tab = 'items' | 'timeline' | 'map' | 'custody';

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** Review a sealed bundle read-only: chosen with the app's dialog (or uploaded in a browser), verified on opening, then the same grid, timeline and map, each item marked when its files fail their seal. */
export function ReviewScreen() {
  const api = useApi();
  const [path, setPath] = useState('');
  const [opened, setOpened] = useState<{ path: string; name: string; bundle: OpenedBundle } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [sent, setSent] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<{ name: string | null; message: string } | null>(null);
  const [over, setOver] = useState(false);
  const [tab, setTab] = useState<Tab>('items');
  const [shown, setShown] = useState<number | null>(null);
  const [filter, setFilter] = useState<ItemFilter>({});
  const open = async (where: () => Promise<{ path: string; name: string } | null>, known: string | null = null) => {
    setError(null);
    let name = known;
    try {
      const chosen = await where();
      if (!chosen) return;
      name = chosen.name;
      setBusy('Verifying every file against the seal…');
      setSent(null);
      setOpened({ ...chosen, bundle: await api.call('bundle.open', { path: chosen.path }) });
      setShown(null);
      setFilter({});
      setTab('items');
    } catch (e) {
      setError({ name, message: (e as Error).message });
    } finally {
      setBusy(null);
      setSent(null);
    }
  };
  const openFile = (file: File | undefined) => void open(async () => {
    if (!file) return null;
    // A new choice replaces the bundle on screen, so what is shown is never mistaken for it.
    setOpened(null);
    setBusy(api.mode === 'browser' ? 'Copying the bundle to this machine…' : 'Reading…');
    const where = await api.bundleToPath(file, (done, total) => setSent({ done, total }));
    return { path: where, name: file.name };
  }, file?.name ?? null);
  const choose = () => void open(async () => {
    const chosen = (await api.call('bundle.choose', {})).path;
    if (chosen) setOpened(null);
    return chosen ? { path: chosen, name: baseName(chosen) } : null;
  });
  const b = opened?.bundle;
  const allRows = useMemo(() => (b ? [...b.items.map((item) => bundleSummary(item)), ...b.unreadableItems.map(unreadableSummary)] : []), [b]);
  const texts = useMemo(() => new Map((b?.items ?? []).map((item) => [item.id, [item.title, item.originalName, item.sourceUrl, item.post?.text, item.notes, ...item.tags].filter(Boolean).join('\n').toLowerCase()])), [b]);
  const rows = useMemo(() => filterBundleRows(allRows, texts, filter), [allRows, texts, filter]);
  const facets = useMemo(() => bundleFacets(allRows), [allRows]);
  // Timeline and map show the filtered items too.
  const kept = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  const shownRows = useMemo(() => (b ? b.timeline.filter((r) => kept.has(r.itemId)) : []), [b, kept]);
  const timeline = useMemo(() => ({
    ids: shownRows.map((r) => r.itemId), kinds: shownRows.map((r) => r.kind),
    eventMs: shownRows.map((r) => (r.eventTimeUtc ? Date.parse(r.eventTimeUtc) : null)), acquiredMs: shownRows.map((r) => Date.parse(r.acquiredAt)),
  }), [shownRows]);
  const placed = useMemo(() => shownRows.filter((r) => r.lat !== null && r.lon !== null), [shownRows]);
  const faulty = useMemo(() => new Set([...(b?.items ?? []).filter((i) => i.faults.length > 0).map((i) => i.id), ...(b?.unreadableItems ?? []).map((i) => i.id)]), [b]);
  const item = b?.items.find((i) => i.id === shown) ?? null;
  // Files that fail their seal are never fetched and shown as if they were what was sealed.
  const withheld = useMemo(() => {
    const failed = new Set([...(b?.items ?? []), ...(b?.unreadableItems ?? [])].flatMap((i) => i.faults.map((f) => f.path)));
    return new Set((b?.manifest.files ?? []).filter((f) => failed.has(f.path)).map((f) => f.sha256));
  }, [b]);
  const picture = item ? bundlePicture(item, true) : null;
  const unreadable = b?.unreadableItems.find((i) => i.id === shown) ?? null;
  return (
    <section className="screen review" aria-labelledby="review-heading">
      <h1 id="review-heading">Review a sealed bundle</h1>
      <div className={`drop-zone${over ? ' over' : ''}`} onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); setOver(false); openFile(e.dataTransfer.files[0]); }}>
        <div className="review-pick">
          {api.mode === 'desktop'
            ? <button type="button" className="primary" onClick={choose} disabled={busy !== null}>Choose a bundle…</button>
            : <label className="button primary">Choose a bundle…<input className="sr-only" type="file" accept=".zip,application/zip" disabled={busy !== null} onChange={(e) => { openFile(e.target.files?.[0]); e.target.value = ''; }} /></label>}
          <span className="muted">or drop the bundle&apos;s .zip file here</span>
        </div>
        <p className="hint">
          The bundle is read in place, never extracted, and nothing in it is run; opening it changes nothing.
          {api.mode === 'browser' ? " In the browser it is first copied to this machine's Golden Hour data folder (uploads/review/)." : ''}
        </p>
      </div>
      <details className="review-path">
        <summary>Or type the path of a bundle on this machine</summary>
        <form className="row" onSubmit={(e) => { e.preventDefault(); void open(async () => {
          setOpened(null);
          return { path: path.trim(), name: baseName(path.trim()) };
        }); }}>
          <label className="grow">Bundle file (.zip) on this machine<input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/bundle.zip" /></label>
          <button type="submit" disabled={!path.trim() || busy !== null}>Open and verify</button>
        </form>
      </details>
      {busy ? (
        <div role="status" className="progress-line" data-testid="review-progress">
          {busy}{sent ? ` ${formatBytes(sent.done)} of ${formatBytes(sent.total)}` : ''}
          {sent ? <progress max={sent.total} value={sent.done} /> : <progress />}
        </div>
      ) : null}
      {error ? <p role="alert" className="error">{error.name ? <><strong>{error.name}</strong>: </> : null}<span data-testid="review-error">{error.message}</span></p> : null}
      {b && opened ? (
        <>
          <p className="review-file">Reviewing <strong data-testid="review-file">{opened.name}</strong></p>
          <VerdictBadge verification={b.verification} />
          {faulty.size > 0 ? (
            <p className="notice bad" data-testid="seal-marks">
              <span className="seal-mark">{faulty.size === 1 ? '1 item' : `${faulty.size} items`}</span> {faulty.size === 1 ? 'has' : 'have'} files that do not match the bundle&apos;s seal or are missing from it: marked in red below, with what is wrong in each item&apos;s panel.
            </p>
          ) : null}
          <p><strong>{b.case.title}</strong> · exported {formatUtc(b.manifest.exportedAt)} by {b.manifest.exporter} · <span data-testid="review-count">{rows.length} of {allRows.length} items</span></p>
          <FilterBar filter={filter} onChange={setFilter} facets={facets} caseTime={b.case} />
          <div role="tablist" aria-label="Bundle views" className="toolbar">
            {(['items', 'timeline', 'map', 'custody'] as Tab[]).map((t) => (
              <button key={t} role="tab" type="button" aria-selected={tab === t} className={tab === t ? 'primary' : ''} onClick={() => setTab(t)}>{t[0]!.toUpperCase() + t.slice(1)}</button>
            ))}
          </div>
          {tab === 'items' ? (
            <div className={item || unreadable ? 'review-split' : ''}>
              <VirtualList rows={rows} rowHeight={64} label="Items in the bundle" rowKey={(r) => r.id} render={(row) => (
                <div onClick={() => setShown(row.id)} className={`review-row${faulty.has(row.id) ? ' tampered' : ''}`}>
                  <ItemRow row={row} caseId={0} blobUrl={() => ''} selected={shown === row.id} onToggle={() => setShown(row.id)} href={null} caseTime={b.case}
                    renderThumb={(r) => (r.thumbSha256 && !withheld.has(r.thumbSha256) ? <BundleImage path={opened.path} sha256={r.thumbSha256} alt="" maxBytes={2_000_000} /> : <span className={`kind-badge ${r.kind}`}>{r.kind}</span>)} />
                </div>
              )} />
              {item ? (
                <aside className="review-item" aria-label={`Item ${item.id}`}>
                  <h2>{item.title ?? item.originalName ?? item.sourceUrl ?? `Item ${item.id}`}</h2>
                  <SealFaults faults={item.faults} />
                  {picture === null ? null : withheld.has(picture)
                    ? <p className="muted" data-testid="picture-withheld">The picture is not shown: its file does not match the bundle&apos;s seal.</p>
                    : <BundleImage path={opened.path} sha256={picture} alt={`Item ${item.id}`} className="preview" />}
                  <dl className="facts">
                    <dt>Event time</dt><dd>{formatUtc(item.eventTime?.utc)} ({EVENT_SOURCE_SHORT[item.eventTime?.source ?? 'none']})</dd>
                    <dt>Captured</dt><dd>{formatUtc(item.acquiredAt)} by {item.acquiredBy}</dd>
                    <dt>Place</dt><dd>{item.location ? `${item.location.lat}, ${item.location.lon}` : '—'}</dd>
                    <dt>From the scene</dt><dd>{item.scene ? `${Math.round(item.scene.distanceM)} m, bearing ${item.scene.bearingDeg}° (${item.scene.withinRadius ? 'inside' : 'outside'} the radius)` : '—'}</dd>
                    <dt>Golden-hour window</dt><dd>{item.withinWindow === null ? 'unknown (no event time or incident time)' : item.withinWindow ? 'inside' : 'outside'}</dd>
                    <dt>Flags</dt><dd>{bundleSummary(item).flags.map(flagLabel).join(', ') || 'none'}</dd>
                    <dt>Source</dt><dd>{item.sourceUrl ?? item.sourcePath ?? '—'}</dd>
                    <dt>Grading</dt><dd>{item.grading ? `${item.grading.source}${item.grading.intelligence}${item.grading.handling}` : 'ungraded'}</dd>
                    <dt>Review status</dt><dd data-testid="review-triage">{statusLabel(item.triage.status)}{item.triage.assignee ? `, assigned to ${item.triage.assignee}` : ''}</dd>
                    <dt>Tags</dt><dd>{item.tags.join(', ') || '—'}</dd>
                    <dt>Notes</dt><dd>{item.notes || '—'}</dd>
                    <dt>SHA-256</dt><dd className="hash">{item.sha256}</dd>
                  </dl>
                  <PostComments comments={item.post?.comments} capture={item.capture} zone={b.case.timezone ?? null} headingLevel={3} />
                  <h3>Comments</h3>
                  {item.comments.length > 0 ? <CommentList comments={item.comments} /> : <p className="muted">No comments in the bundle.</p>}
                  <h3>Custody</h3>
                  <CustodyTable entries={b.custody.filter((e) => e.itemId === item.id)} />
                </aside>
              ) : unreadable ? (
                <aside className="review-item" aria-label={`Item ${unreadable.id}`}>
                  <h2>Item {unreadable.id}</h2>
                  <SealFaults faults={unreadable.faults} />
                  <p>The sealed manifest lists this item, but its record cannot be shown. What the manifest says of it:</p>
                  <dl className="facts">
                    <dt>Kind</dt><dd>{unreadable.kind}</dd>
                    <dt>Withdrawn</dt><dd>{unreadable.withdrawn ? 'yes' : 'no'}</dd>
                    <dt>SHA-256</dt><dd className="hash">{unreadable.sha256}</dd>
                  </dl>
                  <h3>Custody</h3>
                  <CustodyTable entries={b.custody.filter((e) => e.itemId === unreadable.id)} />
                </aside>
              ) : null}
            </div>
          ) : null}
          {tab === 'timeline' ? (
            <TimelineCanvas points={timeline} incidentMs={b.case.incidentTime ? Date.parse(b.case.incidentTime) : null} window={b.case.window ?? { beforeMin: 60, afterMin: 60 }} timezone={b.case.timezone ?? null} onOpen={(id) => { setShown(id); setTab('items'); }} />
          ) : null}
          {tab === 'map' ? (
            <MapCanvas label="Map of the bundle's items" ids={placed.map((r) => r.itemId)} kinds={placed.map((r) => r.kind)} lat={placed.map((r) => r.lat as number)} lon={placed.map((r) => r.lon as number)} withinWindow={placed.map((r) => r.withinWindow)} scene={b.case.scene ?? null} onOpen={(id) => { setShown(id); setTab('items'); }}
              describe={async (ids) => placed.filter((r) => ids.includes(r.itemId)).map((r) => ({ id: r.itemId, kind: r.kind, name: r.name ?? r.sourceUrl ?? '', eventUtc: r.eventTimeUtc, thumbUrl: null, withinWindow: r.withinWindow }))} />
          ) : null}
          {tab === 'custody' ? <CustodyTable entries={b.custody} itemName={(id) => { const named = b.items.find((i) => i.id === id); return `${id}: ${named?.title ?? named?.originalName ?? named?.sourceUrl ?? 'not in this bundle'}`; }} /> : null}
        </>
      ) : null}
    </section>
  );
}
