import { useState } from 'react';
import type { CaseWorkspace } from '../app';
import { useCaseChanges, useOperation } from '../api/use-api';
import { FilterBar } from '../components/filter-bar';
import { MapCanvas } from '../map/map-canvas';
import { validTileUrl } from '../map/tile-url';
import { navigate } from '../router';

const TILE_KEY = 'goldenhour.tileUrl';


/** The case on a map: the scene with its radius rings and the items that have a place. */
export function MapScreen({ caseId, workspace }: { caseId: number; workspace: CaseWorkspace }) {
  const data = useOperation('map.data', { caseId, filter: workspace.filter });
  const facets = useOperation('items.summary', { caseId, limit: 0 });
  useCaseChanges(caseId, () => {
    data.reload();
    facets.reload();
  });
  const [tileUrl, setTileUrl] = useState(() => localStorage.getItem(TILE_KEY) ?? '');
  const [draft, setDraft] = useState(tileUrl);
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
          label={`Map of the scene and ${d.ids.length} placed items`}
          ids={d.ids} kinds={d.kinds} lat={d.lat} lon={d.lon}
          scene={d.scene}
          tileUrl={tileUrl}
          onOpen={(itemId) => navigate({ screen: 'item', caseId, itemId })}
        />
      ) : null}
      <details className="settings">
        <summary>Base map settings</summary>
        <form onSubmit={(e) => { e.preventDefault(); if (validTileUrl(draft)) { localStorage.setItem(TILE_KEY, draft); setTileUrl(draft); } }}>
          <label>Tile server URL (https, with {'{z}'}, {'{x}'}, {'{y}'}); leave empty for the offline map
            <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="https://tile.example.org/{z}/{x}/{y}.png" aria-invalid={!validTileUrl(draft)} />
          </label>
          <button type="submit" disabled={!validTileUrl(draft)}>Use this base map</button>
        </form>
        <p className="hint">Only when this machine may go online: tile requests tell the server which area you are looking at.</p>
      </details>
    </section>
  );
}
