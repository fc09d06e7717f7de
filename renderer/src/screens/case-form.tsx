import { useMemo, useState, type FormEvent } from 'react';
import { useApi } from '../api/use-api';
import { MapCanvas } from '../map/map-canvas';
import { navigate } from '../router';

const EMPTY: number[] = [];
const EMPTY_KINDS: string[] = [];

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

/** A new case: title, scene (typed or clicked on the map), radius, incident time in the scene's zone, and window. */
export function CaseForm() {
  const api = useApi();
  const zones = useMemo(timeZones, []);
  const [title, setTitle] = useState('');
  const [reference, setReference] = useState('');
  const [lat, setLat] = useState('');
  const [lon, setLon] = useState('');
  const [radius, setRadius] = useState('500');
  const [incident, setIncident] = useState('');
  const [zone, setZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [before, setBefore] = useState('60');
  const [after, setAfter] = useState('60');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const scene = lat !== '' && lon !== '' && Number.isFinite(Number(lat)) && Number.isFinite(Number(lon))
    ? { lat: Number(lat), lon: Number(lon), radiusM: Number(radius) > 0 ? Number(radius) : 500 }
    : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if ((lat === '') !== (lon === '')) return setError('Give both latitude and longitude for the scene, or neither.');
    setBusy(true);
    try {
      const created = await api.call('case.create', {
        title,
        reference: reference || null,
        scene,
        incidentTime: incident ? (incident.length === 16 ? `${incident}:00` : incident) : null,
        timezone: zone || null,
        window: { beforeMin: Number(before), afterMin: Number(after) },
      });
      navigate({ screen: 'capture', caseId: created.id });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="screen" aria-labelledby="new-case-heading">
      <h1 id="new-case-heading">New case</h1>
      <form className="case-form" onSubmit={submit}>
        <div className="form-grid">
          <label>Title<input required value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Market square explosion" /></label>
          <label>Reference (optional)<input value={reference} onChange={(e) => setReference(e.target.value)} placeholder="e.g. OP-2291" /></label>
          <fieldset>
            <legend>Scene</legend>
            <p className="hint">Type the coordinates, or click the map to place the scene.</p>
            <div className="row">
              <label>Latitude<input inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} placeholder="50.4501" /></label>
              <label>Longitude<input inputMode="decimal" value={lon} onChange={(e) => setLon(e.target.value)} placeholder="30.5234" /></label>
              <label>Radius (m)<input type="number" min="1" value={radius} onChange={(e) => setRadius(e.target.value)} /></label>
            </div>
          </fieldset>
          <fieldset>
            <legend>Incident time</legend>
            <div className="row">
              <label>Local time at the scene<input type="datetime-local" step="1" value={incident} onChange={(e) => setIncident(e.target.value)} /></label>
              <label>Time zone of the scene
                <input list="time-zones" value={zone} onChange={(e) => setZone(e.target.value)} />
                <datalist id="time-zones">{zones.map((z) => <option key={z} value={z} />)}</datalist>
              </label>
            </div>
            <p className="hint">Camera times without an offset are read in this zone, and say so.</p>
          </fieldset>
          <fieldset>
            <legend>Golden-hour window</legend>
            <div className="row">
              <label>Minutes before<input type="number" min="0" value={before} onChange={(e) => setBefore(e.target.value)} /></label>
              <label>Minutes after<input type="number" min="0" value={after} onChange={(e) => setAfter(e.target.value)} /></label>
            </div>
          </fieldset>
        </div>
        <div className="picker">
          <MapCanvas
            label="Scene picker map: click to place the scene"
            ids={EMPTY} kinds={EMPTY_KINDS} lat={EMPTY} lon={EMPTY}
            scene={scene}
            height={340}
            onPick={(pickedLat, pickedLon) => {
              setLat(pickedLat.toFixed(6));
              setLon(pickedLon.toFixed(6));
            }}
          />
        </div>
        {error ? <p role="alert" className="error">{error}</p> : null}
        <div className="actions">
          <button className="primary" type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create case'}</button>
          <a className="button" href="#/">Cancel</a>
        </div>
      </form>
    </section>
  );
}
