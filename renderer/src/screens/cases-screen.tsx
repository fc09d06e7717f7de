import { useOperation } from '../api/use-api';
import { formatUtc } from '../format';
import { routeHref } from '../router';
import { TsaSetting } from '../components/tsa-setting';
import { MapSettings } from '../components/map-settings';
import { ConnectionPanel } from '../components/team-connection';

/** Every case, newest first, and the way to start one. */
export function CasesScreen() {
  const cases = useOperation('case.list', {});
  const list = [...(cases.data ?? [])].reverse();
  return (
    <section className="screen" aria-labelledby="cases-heading">
      <div className="screen-head">
        <h1 id="cases-heading">Cases</h1>
        <a className="button primary" href={routeHref({ screen: 'new-case' })}>New case</a>
      </div>
      {cases.error ? <p role="alert" className="error">{cases.error}</p> : null}
      {cases.data && list.length === 0 ? (
        <div className="empty">
          <p>No cases yet. Start one with the scene, the incident time and the window you care about.</p>
          <p>Or <a href={routeHref({ screen: 'review' })}>open a sealed bundle to review</a>.</p>
        </div>
      ) : null}
      {list.length > 0 ? (
        <table className="table">
          <thead>
            <tr><th scope="col">Case</th><th scope="col">Reference</th><th scope="col">Incident time</th><th scope="col">Scene</th><th scope="col">Window</th><th scope="col">Created</th></tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id}>
                <td><a href={routeHref({ screen: 'evidence', caseId: c.id })}>{c.title}</a>{c.closed ? <span className="muted"> · closed</span> : null}</td>
                <td>{c.reference ?? '—'}</td>
                <td>{formatUtc(c.incidentTime)}{c.timezone ? <span className="muted"> ({c.timezone})</span> : null}</td>
                <td>{c.scene ? `${c.scene.lat.toFixed(5)}, ${c.scene.lon.toFixed(5)} · ${c.scene.radiusM} m` : '—'}</td>
                <td>−{c.window.beforeMin} / +{c.window.afterMin} min</td>
                <td>{formatUtc(c.createdAt)} by {c.createdBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ConnectionPanel />
      <TsaSetting />
      <MapSettings />
    </section>
  );
}
