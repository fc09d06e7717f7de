import { useEffect, useState } from 'react';
import type { OfflineMapInfoView } from '@api/contract/map';
import { useApi } from '../api/use-api';

function describeOffline(info: OfflineMapInfoView): string {
  const what = info.kind === 'vector' ? 'vector tiles (streets and names drawn by the app)' : `${info.format.toUpperCase()} picture tiles`;
  return `Offline map in use: ${info.name ?? info.path}, ${info.container === 'pmtiles' ? 'PMTiles' : 'MBTiles'}, ${what}, zoom ${info.minZoom}–${info.maxZoom}.`;
}

/**
 * Where the map's base map comes from. Offline by default: nothing is asked of a server unless
 * the investigator turns "online" on. An offline PMTiles or MBTiles file of the area gives streets
 * and names without a network; without one, the Natural Earth outline is drawn.
 */
export function MapSettings({ onSaved }: { onSaved?: () => void }) {
  const api = useApi();
  const [online, setOnline] = useState(false);
  const [styleUrl, setStyleUrl] = useState('');
  const [searchUrl, setSearchUrl] = useState('');
  const [offlineFile, setOfflineFile] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.call('map.settings', {}).then((s) => {
      setOnline(s.map.online);
      setStyleUrl(s.map.styleUrl);
      setSearchUrl(s.map.searchUrl);
      setOfflineFile(s.map.offlineFile);
      setStatus(s.offline ? describeOffline(s.offline) : s.offlineProblem ? null : 'No offline map file: the offline map is the Natural Earth outline.');
      setError(s.offlineProblem ? `The offline map file cannot be read: ${s.offlineProblem}` : null);
    }, () => undefined);
  }, [api]);
  const save = async () => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const result = await api.call('map.setSettings', { online, styleUrl, searchUrl, offlineFile });
      setStatus([
        result.map.online ? `Online: tiles from ${new URL(result.map.styleUrl).host}${result.map.searchUrl ? `, place search from ${new URL(result.map.searchUrl).host}` : ''}.` : 'Offline: the map asks no server for anything.',
        result.offline ? describeOffline(result.offline) : 'No offline map file: the Natural Earth outline is drawn.',
      ].join(' '));
      onSaved?.();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="settings map-settings">
      <summary>Map settings (base map, offline map file, place search)</summary>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label>Offline map file on this machine: a .pmtiles or .mbtiles file of the area (full path)
          <input value={offlineFile} onChange={(e) => setOfflineFile(e.target.value)} placeholder="/home/me/maps/kyiv.pmtiles" />
        </label>
        <p className="hint">See the README, "An offline map of the area", for how to make one for a region. Leave empty for the Natural Earth outline.</p>
        <label className="check"><input type="checkbox" checked={online} onChange={(e) => setOnline(e.target.checked)} /> Let the map go online (only where this machine may: servers learn which area you look at)</label>
        <label>Online map style or tile address (https: a MapLibre style.json, or tiles with {'{z}'}, {'{x}'}, {'{y}'})
          <input value={styleUrl} onChange={(e) => setStyleUrl(e.target.value)} placeholder="https://tiles.example.org/styles/streets/style.json" />
        </label>
        <label>Place search address (https, Nominatim-compatible; empty for no search)
          <input value={searchUrl} onChange={(e) => setSearchUrl(e.target.value)} placeholder="https://nominatim.openstreetmap.org/search" />
        </label>
        <button type="submit" disabled={busy}>{busy ? 'Checking…' : 'Save map settings'}</button>
      </form>
      {status ? <p role="status" data-testid="map-settings-status">{status}</p> : null}
      {error ? <p role="alert" className="error-text">{error}</p> : null}
    </details>
  );
}
