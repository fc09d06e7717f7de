import { useCallback } from 'react';
import type { CaseWorkspace } from '../app';
import { useApi, useOperation } from '../api/use-api';
import { FilterBar } from '../components/filter-bar';
import { ItemRow } from '../components/item-row';
import { VirtualList } from '../components/virtual-list';
import { routeHref } from '../router';

/** The evidence of a case: filters and a virtualised list that stays smooth at 50,000 items. */
export function EvidenceScreen({ caseId, workspace }: { caseId: number; workspace: CaseWorkspace }) {
  const api = useApi();
  const summary = useOperation('items.summary', { caseId, filter: workspace.filter });
  const { selected, setSelected } = workspace;
  const toggle = useCallback((id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  }, [selected, setSelected]);
  const rows = summary.data?.rows ?? [];
  return (
    <section className="screen evidence" aria-labelledby="evidence-heading">
      <div className="screen-head">
        <h1 id="evidence-heading">Evidence</h1>
        <p className="count" aria-live="polite" data-testid="evidence-count">
          {summary.data ? `${rows.length.toLocaleString('en')} of ${summary.data.total.toLocaleString('en')} items` : summary.loading ? 'Loading…' : ''}
          {selected.size > 0 ? ` · ${selected.size} selected` : ''}
        </p>
        <div className="actions">
          {selected.size > 0 ? <button type="button" onClick={() => setSelected(new Set())}>Clear selection</button> : null}
          <button type="button" onClick={() => setSelected(new Set(rows.map((r) => r.id)))} disabled={rows.length === 0}>Select all shown</button>
          <a className="button" href={routeHref({ screen: 'import', caseId })}>Import files</a>
          <a className="button" href={routeHref({ screen: 'capture', caseId })}>Capture URLs</a>
        </div>
      </div>
      <FilterBar filter={workspace.filter} onChange={workspace.setFilter} facets={summary.data?.facets ?? null} />
      {summary.error ? <p role="alert" className="error">{summary.error}</p> : null}
      {summary.data && summary.data.total === 0 ? (
        <div className="empty"><p>No evidence yet. <a href={routeHref({ screen: 'capture', caseId })}>Capture pages</a> or <a href={routeHref({ screen: 'import', caseId })}>import photos and videos</a>.</p></div>
      ) : (
        <>
          <div className="list-head" aria-hidden="true">
            <span /><span>Preview</span><span>Item</span><span>Event time · source</span><span>From scene</span><span>Flags · tags</span><span>Grade</span>
          </div>
          <VirtualList
            rows={rows}
            rowHeight={64}
            label="Evidence items"
            rowKey={(row) => row.id}
            render={(row) => <ItemRow row={row} caseId={caseId} blobUrl={api.blobUrl} selected={selected.has(row.id)} onToggle={toggle} />}
          />
        </>
      )}
    </section>
  );
}
