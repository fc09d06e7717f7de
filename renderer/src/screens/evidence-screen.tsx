import { useCallback, useMemo, useState } from 'react';
import type { ResponseOf } from '@api/contract';
import type { CaseWorkspace } from '../app';
import { useApi, useCaseChanges, useOperation } from '../api/use-api';
import { FilterBar } from '../components/filter-bar';
import { BulkTriage } from '../components/bulk-triage';
import { CaseCheck } from '../components/case-check';
import { useCaseAccess } from '../components/use-case-access';
import { CheckAgainstBundle } from '../components/check-against-bundle';
import { ItemRow } from '../components/item-row';
import { VirtualList } from '../components/virtual-list';
import { nestUnderParents } from '../nest-rows';
import { routeHref } from '../router';

type SortKey = 'acquired' | 'event' | 'distance';
type Row = ResponseOf<'items.summary'>['rows'][number];

/** Sorted copy; items without the sort value go last, in the order acquired. */
function sortRows(rows: Row[], key: SortKey): Row[] {
  if (key === 'acquired') return rows;
  const value = (row: Row) => (key === 'event' ? (row.eventUtc ? Date.parse(row.eventUtc) : null) : row.distanceM);
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === null && vb === null ? a.id - b.id : va === null ? 1 : -1;
    return va - vb || a.id - b.id;
  });
}

/** The evidence of a case: filters and a virtualised list that stays smooth at 50,000 items. */
export function EvidenceScreen({ caseId, workspace }: { caseId: number; workspace: CaseWorkspace }) {
  const api = useApi();
  const summary = useOperation('items.summary', { caseId, filter: workspace.filter });
  useCaseChanges(caseId, summary.reload);
  const access = useCaseAccess(caseId);
  const { selected, setSelected } = workspace;
  const toggle = useCallback((id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  }, [selected, setSelected]);
  const [sort, setSort] = useState<SortKey>('acquired');
  // A page's photos and videos stay under it whatever the sort.
  const rows = useMemo(() => nestUnderParents(sortRows(summary.data?.rows ?? [], sort)), [summary.data, sort]);
  return (
    <section className="screen evidence" aria-labelledby="evidence-heading">
      <div className="screen-head">
        <h1 id="evidence-heading">Evidence</h1>
        <p className="count" aria-live="polite" data-testid="evidence-count">
          {summary.data ? `${rows.length.toLocaleString('en')} of ${summary.data.total.toLocaleString('en')} items` : summary.loading ? 'Loading…' : ''}
          {selected.size > 0 ? ` · ${selected.size} selected` : ''}
        </p>
        <label className="inline">Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            <option value="acquired">order acquired</option>
            <option value="event">event time</option>
            <option value="distance">distance from the scene</option>
          </select>
        </label>
        <CaseCheck caseId={caseId} />
        <CheckAgainstBundle caseId={caseId} />
        <div className="actions">
          {selected.size > 0 ? <button type="button" onClick={() => setSelected(new Set())}>Clear selection</button> : null}
          <button type="button" onClick={() => setSelected(new Set(rows.map((r) => r.id)))} disabled={rows.length === 0}>Select all shown</button>
          <a className="button" href={routeHref({ screen: 'import', caseId })}>Import files</a>
          <a className="button" href={routeHref({ screen: 'capture', caseId })}>Capture URLs</a>
        </div>
      </div>
      <FilterBar filter={workspace.filter} onChange={workspace.setFilter} facets={summary.data?.facets ?? null} caseTime={summary.data?.case} />
      <BulkTriage caseId={caseId} selected={selected} access={access} onDone={summary.reload} />
      {summary.error ? <p role="alert" className="error">{summary.error}</p> : null}
      {summary.data && summary.data.total === 0 ? (
        <div className="empty"><p>No evidence yet. <a href={routeHref({ screen: 'capture', caseId })}>Capture pages</a> or <a href={routeHref({ screen: 'import', caseId })}>import photos and videos</a>.</p></div>
      ) : (
        <>
          <div className="list-head" aria-hidden="true">
            <span /><span>Preview</span><span>Item</span><span>Event time · at the scene · source</span><span>Captured</span><span>From scene</span><span>Flags · tags</span><span>Grade</span>
          </div>
          <VirtualList
            rows={rows}
            rowHeight={64}
            label="Evidence items"
            rowKey={(row) => row.id}
            render={(row) => <ItemRow row={row} caseId={caseId} blobUrl={api.blobUrl} selected={selected.has(row.id)} onToggle={toggle} caseTime={summary.data?.case} />}
          />
        </>
      )}
    </section>
  );
}
