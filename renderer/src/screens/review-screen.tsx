import { useMemo, useState } from 'react';
import type { ItemFilter } from '@api/contract/review';
import { useApi } from '../api/use-api';
import { FilterBar } from '../components/filter-bar';
import { ItemRow } from '../components/item-row';
import { CustodyTable } from '../components/item-tables';
import { VirtualList } from '../components/virtual-list';
import { EVENT_SOURCE_SHORT, formatUtc } from '../format';
import { MapCanvas } from '../map/map-canvas';
import { TimelineCanvas } from '../timeline/timeline-canvas';
import { BundleImage, bundlePicture, bundleSummary, VerdictBadge, type OpenedBundle } from './review-parts';
import { bundleFacets, filterBundleRows } from './review-filter';

type Tab = 'items' | 'timeline' | 'map' | 'custody';

/** Review a sealed bundle read-only: verified on opening, then the same grid, timeline and map. */
export function ReviewScreen() {
  const api = useApi();
  const [path, setPath] = useState('');
  const [opened, setOpened] = useState<{ path: string; bundle: OpenedBundle } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('items');
  const [shown, setShown] = useState<number | null>(null);
  const [filter, setFilter] = useState<ItemFilter>({});
  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      setOpened({ path, bundle: await api.call('bundle.open', { path }) });
      setShown(null);
      setFilter({});
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const b = opened?.bundle;
  const allRows = useMemo(() => (b ? b.items.map((item) => bundleSummary(item, b.case)) : []), [b]);
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
  const item = b?.items.find((i) => i.id === shown) ?? null;
  return (
    <section className="screen review" aria-labelledby="review-heading">
      <h1 id="review-heading">Review a sealed bundle</h1>
      <form className="row" onSubmit={(e) => { e.preventDefault(); void open(); }}>
        <label className="grow">Bundle file (.zip) on this machine<input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/bundle.zip" /></label>
        <button type="submit" className="primary" disabled={!path.trim() || busy}>{busy ? 'Verifying…' : 'Open and verify'}</button>
      </form>
      <p className="hint">The bundle is read in place, never extracted, and nothing in it is run. Opening it changes nothing.</p>
      {error ? <p role="alert" className="error">{error}</p> : null}
      {b && opened ? (
        <>
          <VerdictBadge verification={b.verification} />
          <p>{b.case ? <strong>{b.case.title}</strong> : null} · exported {formatUtc(b.manifest?.exportedAt)} by {b.manifest?.exporter ?? '—'} · <span data-testid="review-count">{rows.length} of {b.items.length} items</span></p>
          <FilterBar filter={filter} onChange={setFilter} facets={facets} caseTime={b.case ?? undefined} />
          <div role="tablist" aria-label="Bundle views" className="toolbar">
            {(['items', 'timeline', 'map', 'custody'] as Tab[]).map((t) => (
              <button key={t} role="tab" type="button" aria-selected={tab === t} className={tab === t ? 'primary' : ''} onClick={() => setTab(t)}>{t[0]!.toUpperCase() + t.slice(1)}</button>
            ))}
          </div>
          {tab === 'items' ? (
            <div className={item ? 'review-split' : ''}>
              <VirtualList rows={rows} rowHeight={64} label="Items in the bundle" rowKey={(r) => r.id} render={(row) => (
                <div onClick={() => setShown(row.id)}>
                  <ItemRow row={row} caseId={0} blobUrl={() => ''} selected={shown === row.id} onToggle={() => setShown(row.id)} href={null} caseTime={b.case ?? undefined}
                    renderThumb={(r) => (r.thumbSha256 ? <BundleImage path={opened.path} sha256={r.thumbSha256} alt="" maxBytes={2_000_000} /> : <span className={`kind-badge ${r.kind}`}>{r.kind}</span>)} />
                </div>
              )} />
              {item ? (
                <aside className="review-item" aria-label={`Item ${item.id}`}>
                  <h2>{item.title ?? item.originalName ?? item.sourceUrl ?? `Item ${item.id}`}</h2>
                  {bundlePicture(item, true) ? <BundleImage path={opened.path} sha256={bundlePicture(item, true) as string} alt={`Item ${item.id}`} className="preview" /> : null}
                  <dl className="facts">
                    <dt>Event time</dt><dd>{formatUtc(item.eventTime?.utc)} ({EVENT_SOURCE_SHORT[item.eventTime?.source ?? 'none']})</dd>
                    <dt>Captured</dt><dd>{formatUtc(item.acquiredAt)} by {item.acquiredBy}</dd>
                    <dt>Place</dt><dd>{item.location ? `${item.location.lat}, ${item.location.lon}` : '—'}</dd>
                    <dt>From the scene</dt><dd>{item.scene ? `${Math.round(item.scene.distanceM)} m, bearing ${item.scene.bearingDeg}° (${item.scene.withinRadius ? 'inside' : 'outside'} the radius)` : '—'}</dd>
                    <dt>Golden-hour window</dt><dd>{item.withinWindow === null ? 'unknown (no event time or incident time)' : item.withinWindow ? 'inside' : 'outside'}</dd>
                    <dt>Flags</dt><dd>{bundleSummary(item, b.case).flags.join(', ') || 'none'}</dd>
                    <dt>Source</dt><dd>{item.sourceUrl ?? item.sourcePath ?? '—'}</dd>
                    <dt>Grading</dt><dd>{item.grading ? `${item.grading.source}${item.grading.intelligence}${item.grading.handling}` : 'ungraded'}</dd>
                    <dt>Notes</dt><dd>{item.notes || '—'}</dd>
                    <dt>SHA-256</dt><dd className="hash">{item.sha256}</dd>
                  </dl>
                  <h3>Custody</h3>
                  <CustodyTable entries={b.custody.filter((e) => e.itemId === item.id)} />
                </aside>
              ) : null}
            </div>
          ) : null}
          {tab === 'timeline' ? (
            <TimelineCanvas points={timeline} incidentMs={b.case?.incidentTime ? Date.parse(b.case.incidentTime) : null} window={b.case?.window ?? { beforeMin: 60, afterMin: 60 }} timezone={b.case?.timezone ?? null} onOpen={(id) => { setShown(id); setTab('items'); }} />
          ) : null}
          {tab === 'map' ? (
            <MapCanvas label="Map of the bundle's items" ids={placed.map((r) => r.itemId)} kinds={placed.map((r) => r.kind)} lat={placed.map((r) => r.lat as number)} lon={placed.map((r) => r.lon as number)} withinWindow={placed.map((r) => r.withinWindow)} scene={b.case?.scene ?? null} onOpen={(id) => { setShown(id); setTab('items'); }}
              describe={async (ids) => placed.filter((r) => ids.includes(r.itemId)).map((r) => ({ id: r.itemId, kind: r.kind, name: r.name ?? r.sourceUrl ?? '', eventUtc: r.eventTimeUtc, thumbUrl: null, withinWindow: r.withinWindow }))} />
          ) : null}
          {tab === 'custody' ? <CustodyTable entries={b.custody} itemName={(id) => { const named = b.items.find((i) => i.id === id); return `${id}: ${named?.title ?? named?.originalName ?? named?.sourceUrl ?? 'not in this bundle'}`; }} /> : null}
        </>
      ) : null}
    </section>
  );
}
