import type { CaseWorkspace } from '../app';
import { useCaseChanges, useOperation } from '../api/use-api';
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
      <FilterBar filter={workspace.filter} onChange={workspace.setFilter} facets={facets.data?.facets ?? null} />
      {data.error ? <p role="alert" className="error">{data.error}</p> : null}
      {d ? (
        <TimelineCanvas
          points={d}
          incidentMs={d.incidentTime ? Date.parse(d.incidentTime) : null}
          window={d.window}
          onOpen={(itemId) => navigate({ screen: 'item', caseId, itemId })}
        />
      ) : null}
      <p className="legend"><span className="swatch photo" /> photo <span className="swatch video" /> video <span className="swatch page" /> page <span className="swatch file" /> file · dense spans are drawn as bars counting items{d?.watchMarks.length ? ' · watched posts: ▼ new version, a line where a post was seen edited or removed (shaded since it was last seen as before)' : ''}</p>
    </section>
  );
}
