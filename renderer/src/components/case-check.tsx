import { useState } from 'react';
import type { ResponseOf } from '@api/contract';
import { useApi } from '../api/use-api';

/** Checks the case end to end (ledger chain, rows, every blob re-hashed); the check is itself recorded. */
export function CaseCheck({ caseId }: { caseId: number }) {
  const api = useApi();
  const [report, setReport] = useState<ResponseOf<'custody.verify'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await api.call('custody.verify', { caseId }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="case-check">
      <button type="button" onClick={() => void run()} disabled={busy}>{busy ? 'Checking…' : 'Check custody'}</button>
      {report ? (
        <span role="status" className={`badge ${report.ok ? 'ok' : 'bad'}`} title={report.problems.map((p) => p.problem).join('\n')}>
          {report.ok ? `Intact: ${report.entries} ledger entries, ${report.blobs} files re-hashed` : `${report.problems.length} problem(s) found`}
        </span>
      ) : null}
      {error ? <span role="alert" className="error-text">{error}</span> : null}
    </span>
  );
}
