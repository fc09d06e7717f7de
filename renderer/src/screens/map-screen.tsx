import { useCallback, useEffect, useState } from 'react';
import type { CaseWorkspace } from '../app';
import { useApi, useCaseChanges, useOperation } from '../api/use-api';
import { FilterBar } from '../components/filter-bar';
import { MapSettings } from '../components/map-settings';
import { MapCanvas, preloadMap } from '../map/map-canvas';
import type { ClusterItem } from '../map/map-props';
import { navigate } from '../router';

/** The case on a map: the scene with its radius rings and the items that have a place. */
export function MapScreen({ caseId, workspace }: { caseId: number; workspace: CaseWorkspace }) {
  const data = useOperation('map.data', { caseId, filter: workspace.filter });
  const facets = useOperation('items.summary', { caseId, limit: 0 });
  useCaseChanges(caseId, () => {
    data.reload();
    facets.reload();
  });
  const api = useApi();
  // MapLibre loads while the items are fetched.
  useEffect(preloadMap, []);
  // Saved map settings build the map afresh with its new base map.
  const [settingsVersion, setSettingsVersion] = useState(0);
  const describe = useCallback(async (ids: number[]): Promise<ClusterItem[]> => {
    const { rows } = await api.call('map.items', { caseId, ids });
    return rows.map((row) => ({ id: row.id, kind: row.kind, name: row.name, eventUtc: row.eventUtc, thumbUrl: row.thumbSha256 ? api.blobUrl(row.thumbSha256) : null, withinWindow: row.withinWindow }));
  }, [api, caseId]);
  const d = data.data;
  return (
    <section className="screen map" aria-labelledby="map-heading">
      <div className="screen-head">
        <h1 id="map-heading">Map</h1>
        <p className="count" data-testid="map-count">{d ? `${d.ids.length.toLocaleString('en')} items placed · ${d.unplaced.toLocaleString('en')} without a place` : 'Loading…'}</p>
      </div>
      <FilterBar filter={workspace.filter} onChange={workspace.setFilter} facets={facets.data?.facets ?? null} caseTime={facets.data?.case} />
      {data.error ? <p role="alert" className="error">{data.error}</p> : null}
      {d ? (
        <MapCanvas
          key={settingsVersion}
          label={`Map of the scene and ${d.ids.length} placed items`}
          ids={d.ids} kinds={d.kinds} lat={d.lat} lon={d.lon} withinWindow={d.withinWindow}
          scene={d.scene}
          timezone={facets.data?.case.timezone ?? null}
          describe={describe}
          onOpen={(itemId) => navigate({ screen: 'item', caseId, itemId })}
        />
      ) : null}
      <MapSettings onSaved={() => setSettingsVersion((v) => v + 1)} />
    </section>
  );
}
