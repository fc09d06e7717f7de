import { useState } from 'react';
import type { ResponseOf } from '@api/contract';
import { useApi } from '../api/use-api';

/**
 * "Check against an earlier bundle": the recipient of a bundle holds the ledger as it was when
 * it was exported; the case's ledger must still hold every entry that bundle recorded. A cut
 * tail or a rewritten history is listed entry by entry.
 */
export function CheckAgainstBundle({ caseId }: { caseId: number }) {
  const api = useApi();
  const [path, setPath] = useState('');
  const [report, setReport] = useState<ResponseOf<'custody.verify'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await api.call('custody.verify', { caseId, against: [path.trim()] }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="check-against-bundle">
      <summary>Check against an earlier bundle</summary>
      <form className="row" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <label className="grow">Earlier bundle (.zip) on this machine
          <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/bundle.zip" />
        </label>
        <button type="submit" disabled={!path.trim() || busy}>{busy ? 'Checking…' : 'Check'}</button>
      </form>
      {report ? (
        <div role="status">
          {report.witnesses.map((w) => (
            <p key={w.name} className={`badge ${w.ok ? 'ok' : 'bad'}`}>
              {w.ok ? `The ledger still holds every entry ${w.name} recorded (exported ${w.exportedAt}).` : `The ledger differs from ${w.name} (exported ${w.exportedAt}).`}
            </p>
          ))}
          {report.problems.length > 0 ? <ul>{report.problems.map((p, i) => <li key={i}>{p.problem}</li>)}</ul> : null}
        </div>
      ) : null}
      {error ? <p role="alert" className="error-text">{error}</p> : null}
    </details>
  );
}
