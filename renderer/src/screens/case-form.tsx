import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { ResponseOf } from '@api/contract';
import { readDegrees, splitLatLon } from '../../../src/api/coordinates';
import { useApi } from '../api/use-api';
import { MapCanvas } from '../map/map-canvas';
import { navigate } from '../router';
import { sceneZone } from '../scene-zone';
import { caseChanges, localInputValue, type CaseFormValues } from './case-edit-values';

type CaseRecord = ResponseOf<'case.get'>;
type CaseUpdate = ResponseOf<'case.update'>;

const EMPTY: number[] = [];
const EMPTY_KINDS: string[] = [];

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

/**
 * A case's form: a new case (title, scene typed or clicked on the map, radius, incident time in
 * the scene's zone, and window), or, given `existing`, the same fields to change it with
 * `case.update` (only the fields changed are sent; `onSaved` hears what changed and re-placed).
 */
export function CaseForm({ existing, readOnly = false, onSaved }: { existing?: CaseRecord; readOnly?: boolean; onSaved?: (result: CaseUpdate) => void } = {}) {
  const api = useApi();
  const zones = useMemo(timeZones, []);
  const [title, setTitle] = useState(existing?.title ?? '');
  const [reference, setReference] = useState(existing?.reference ?? '');
  const [lat, setLat] = useState(existing?.scene ? String(existing.scene.lat) : '');
  const [lon, setLon] = useState(existing?.scene ? String(existing.scene.lon) : '');
  const [radius, setRadius] = useState(existing?.scene ? String(existing.scene.radiusM) : '500');
  const initialIncident = existing ? localInputValue(existing.incidentTime, existing.timezone) : '';
  const [incident, setIncident] = useState(initialIncident);
  const [zone, setZone] = useState(() => (existing ? existing.timezone ?? '' : Intl.DateTimeFormat().resolvedOptions().timeZone));
  /**
   * True once the investigator has typed a zone: a suggestion no longer replaces it. An existing
   * case's zone is never replaced unasked (a new zone re-places its camera times).
   */
  const [zoneTyped, setZoneTyped] = useState(existing !== undefined);
  const [before, setBefore] = useState(String(existing?.window.beforeMin ?? 60));
  const [after, setAfter] = useState(String(existing?.window.afterMin ?? 60));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The map follows typed coordinates (not clicks: a click already shows where it fell).
  const [typed, setTyped] = useState(0);
  const latReading = lat.trim() === '' ? null : readDegrees(lat, 'latitude');
  const lonReading = lon.trim() === '' ? null : readDegrees(lon, 'longitude');
  const scene = latReading?.ok && lonReading?.ok
    ? { lat: latReading.value, lon: lonReading.value, radiusM: Number(radius) > 0 ? Number(radius) : 500 }
    : null;
  // The zone of the scene, not of this computer: looked up offline from the coordinates.
  const suggested = scene ? sceneZone(scene.lat, scene.lon) : null;
  useEffect(() => {
    if (suggested && !zoneTyped) setZone(suggested);
  }, [suggested, zoneTyped]);
  const typeCoordinate = (axis: 'lat' | 'lon', value: string) => {
    // A pasted pair ("50.0875, 14.4213") fills both fields.
    const pair = readDegrees(value, 'latitude').ok ? null : splitLatLon(value);
    if (pair && readDegrees(pair[0], 'latitude').ok && readDegrees(pair[1], 'longitude').ok) {
      setLat(pair[0]);
      setLon(pair[1]);
    } else if (axis === 'lat') setLat(value);
    else setLon(value);
    setTyped((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    // A case is never created without the scene the user typed: a half or unreadable scene stops here.
    if ((latReading === null) !== (lonReading === null)) return setError('Give both latitude and longitude for the scene, or neither.');
    if (latReading && !latReading.ok) return setError(`Scene: ${latReading.message}.`);
    if (lonReading && !lonReading.ok) return setError(`Scene: ${lonReading.message}.`);
    setBusy(true);
    try {
      if (existing) {
        const values: CaseFormValues = { title, reference, scene, incident, initialIncident, zone, before: Number(before), after: Number(after) };
        const changes = caseChanges(existing, values);
        if ('problem' in changes) return setError(changes.problem);
        onSaved?.(await api.call('case.update', { caseId: existing.id, ...changes }));
        return;
      }
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
      <h1 id="new-case-heading">{existing ? `Edit case: ${existing.title}` : 'New case'}</h1>
      <form className="case-form" onSubmit={submit}>
        <fieldset className="form-grid plain" disabled={readOnly}>
          <label>Title<input required value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Market square explosion" /></label>
          <label>Reference (optional)<input value={reference} onChange={(e) => setReference(e.target.value)} placeholder="e.g. OP-2291" /></label>
          <fieldset>
            <legend>Scene</legend>
            <p className="hint">Type the coordinates in decimal degrees (50.0875 or 50,0875), paste a pair, or click the map to place the scene.</p>
            <div className="row">
              <label>Latitude<input inputMode="decimal" value={lat} onChange={(e) => typeCoordinate('lat', e.target.value)} placeholder="50.4501" aria-invalid={latReading?.ok === false} aria-describedby="scene-problem" /></label>
              <label>Longitude<input inputMode="decimal" value={lon} onChange={(e) => typeCoordinate('lon', e.target.value)} placeholder="30.5234" aria-invalid={lonReading?.ok === false} aria-describedby="scene-problem" /></label>
              <label>Radius (m)<input type="number" min="1" value={radius} onChange={(e) => setRadius(e.target.value)} /></label>
            </div>
            <p id="scene-problem" className="error-text" aria-live="polite">{[latReading, lonReading].flatMap((r) => (r && !r.ok ? [r.message] : [])).join('. ')}</p>
          </fieldset>
          <fieldset>
            <legend>Incident time</legend>
            <div className="row">
              <label>Local time at the scene<input type="datetime-local" step="1" value={incident} onChange={(e) => setIncident(e.target.value)} /></label>
              <label>Time zone of the scene
                <input list="time-zones" value={zone} onChange={(e) => { setZone(e.target.value); setZoneTyped(true); }} aria-describedby="zone-hint" />
                <datalist id="time-zones">{zones.map((z) => <option key={z} value={z} />)}</datalist>
              </label>
            </div>
            <p className="hint" id="zone-hint" data-testid="zone-hint">
              {suggested
                ? zone === suggested
                  ? `The scene's coordinates lie in ${suggested}. `
                  : <>The scene's coordinates lie in {suggested}. <button type="button" onClick={() => { setZone(suggested); setZoneTyped(false); }}>Use {suggested}</button> </>
                : 'Place the scene to have its time zone filled in (this computer\'s zone until then). '}
              Camera times without an offset are read in this zone, and say so.
            </p>
          </fieldset>
          <fieldset>
            <legend>Golden-hour window</legend>
            <div className="row">
              <label>Minutes before<input type="number" min="0" value={before} onChange={(e) => setBefore(e.target.value)} /></label>
              <label>Minutes after<input type="number" min="0" value={after} onChange={(e) => setAfter(e.target.value)} /></label>
            </div>
          </fieldset>
        </fieldset>
        <div className="picker">
          <MapCanvas
            label="Scene picker map: click to place the scene"
            ids={EMPTY} kinds={EMPTY_KINDS} lat={EMPTY} lon={EMPTY}
            scene={scene}
            centreOn={typed > 0 ? scene : null}
            height={340}
            onPick={readOnly ? undefined : (pickedLat, pickedLon) => {
              setLat(pickedLat.toFixed(6));
              setLon(pickedLon.toFixed(6));
            }}
          />
        </div>
        {error ? <p role="alert" className="error">{error}</p> : null}
        <div className="actions">
          {existing ? (
            readOnly ? null : <button className="primary" type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save changes'}</button>
          ) : <button className="primary" type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create case'}</button>}
          <a className="button" href={existing ? `#/case/${existing.id}/evidence` : '#/'}>{existing ? 'Back to the case' : 'Cancel'}</a>
        </div>
      </form>
    </section>
  );
}
