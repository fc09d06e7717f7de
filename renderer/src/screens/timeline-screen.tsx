import type { CaseWorkspace } from '../app';
import { useCallback } from 'react';
import { useApi, useCaseChanges, useOperation } from '../api/use-api';
import { FilterBar } from '../components/filter-bar';
import { navigate } from '../router';
import { TimelineCanvas } from '../timeline/timeline-canvas';

/** The case on a timeline: event time against capture time, around the incident. */
export function TimelineScreen({ caseId, workspace }: { caseId: number; workspace: CaseWorkspace }) {
  const data = useOperation('timeline.data', { caseId, filter: workspace.filter });
  const facets = useOperation('items.summary', { caseId, limit: 0 });
  useCaseChanges(caseId, () => {
    data.reload();
    facets.reload();
  });
  const api = useApi();
  // A dot's card asks for that one item's title and thumbnail when it is first shown.
  const describe = useCallback(async (itemId: number) => {
    const found = await api.call('items.summary', { caseId, filter: { ids: [itemId] }, limit: 1 });
    const row = found.rows[0];
    return row ? { name: row.name, thumbUrl: row.thumbSha256 ? api.blobUrl(row.thumbSha256) : null } : null;
  }, [api, caseId]);
  const d = data.data;
  const noTime = d ? d.eventMs.filter((t) => t === null).length : 0;
  const outside = d ? d.outsideWindow.filter(Boolean).length : 0;
  return (
    <section className="screen timeline" aria-labelledby="timeline-heading">
      <div className="screen-head">
        <h1 id="timeline-heading">Timeline</h1>
        <p className="count" data-testid="timeline-count">
          {d ? `${d.ids.length.toLocaleString('en')} items · ${noTime.toLocaleString('en')} without an event time (capture band only) · ${outside.toLocaleString('en')} outside the window` : 'Loading…'}
        </p>
      </div>
      <FilterBar filter={workspace.filter} onChange={workspace.setFilter} facets={facets.data?.facets ?? null} caseTime={facets.data?.case} />
      {data.error ? <p role="alert" className="error">{data.error}</p> : null}
      {d ? (
        <TimelineCanvas
          points={d}
          incidentMs={d.incidentTime ? Date.parse(d.incidentTime) : null}
          window={d.window}
          onOpen={(itemId) => navigate({ screen: 'item', caseId, itemId })}
          timezone={facets.data?.case.timezone ?? null}
          describe={describe}
        />
      ) : null}
      <p className="legend"><span className="swatch photo" /> photo <span className="swatch video" /> video <span className="swatch page" /> page <span className="swatch file" /> file · dense spans are drawn as bars counting items{d?.watchMarks.length ? ' · watched posts: ▼ new version, a line where a post was seen edited or removed (shaded since it was last seen as before)' : ''}</p>
    </section>
  );
}
