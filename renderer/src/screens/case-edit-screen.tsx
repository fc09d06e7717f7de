import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '@api/contract';
import { announceCaseChange, useApi, useCaseChanges, useOperation } from '../api/use-api';
import { formatUtc } from '../format';
import { routeHref } from '../router';
import { CaseForm } from './case-form';

type CaseRecord = ResponseOf<'case.get'>;
type CaseUpdate = ResponseOf<'case.update'>;

/** Edit case: every field of the case, what a save changed and re-placed, and closing or reopening it. */
export function CaseEditScreen({ caseId }: { caseId: number }) {
  const c = useOperation('case.get', { caseId });
  const [saved, setSaved] = useState<CaseUpdate | null>(null);
  const [version, setVersion] = useState(0);
  useCaseChanges(caseId, c.reload);
  if (c.error) return <p role="alert" className="error">{c.error}</p>;
  if (!c.data) return <p className="muted">Loading the case…</p>;
  const closed = c.data.closed;
  return (
    <>
      {saved ? <SaveOutcome caseId={caseId} result={saved} /> : null}
      <CaseForm
        // Started afresh from the case as saved (not as it was before the save), and after each save.
        key={`${version}-${JSON.stringify(c.data)}`}
        existing={c.data}
        readOnly={closed !== null}
        onSaved={(result) => {
          setSaved(result);
          setVersion((v) => v + 1);
          c.reload();
          announceCaseChange(caseId);
        }}
      />
      {/* On a team server only the case's lead may change, close or reopen it: the server refuses anyone else, in words shown here. */}
      <CaseClosure c={c.data} onChanged={() => { setSaved(null); c.reload(); announceCaseChange(caseId); }} />
    </>
  );
}

function SaveOutcome({ caseId, result }: { caseId: number; result: CaseUpdate }) {
  if (result.changes.length === 0) return <p role="status" className="notice">Nothing changed: the case already had these values.</p>;
  return (
    <div role="status" className="notice ok" data-testid="case-saved">
      <p>Saved. {result.changes.length === 1 ? 'One change' : `${result.changes.length} changes`} recorded in the custody ledger: {result.changes.map((change) => FIELD_WORDS[change.field] ?? change.field).join(', ')}.</p>
      {result.rePlaced.length > 0 ? (
        <>
          <p>Camera times read again in {result.rePlaced[0]!.toZone} ({result.rePlaced.length} {result.rePlaced.length === 1 ? 'item' : 'items'}, each recorded):</p>
          <ul className="replaced">
            {result.rePlaced.map((r) => (
              <li key={r.itemId}>
                <a href={routeHref({ screen: 'item', caseId, itemId: r.itemId })}>Item {r.itemId}</a>: camera time {r.localTime.replace('T', ' ')} is now {formatUtc(r.toUtc)}
                {' '}(was {r.fromUtc ? `${formatUtc(r.fromUtc)}${r.fromZone ? `, read in ${r.fromZone}` : ''}` : 'not placed'})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

const FIELD_WORDS: Record<string, string> = {
  title: 'title', reference: 'reference', scene: 'scene', incidentTime: 'incident time', timezone: 'time zone', window: 'window',
};

/** Closing a case (read-only, its watches stop) or reopening it, each with a reason for the ledger. */
function CaseClosure({ c, onChanged }: { c: CaseRecord; onChanged: () => void }) {
  const api = useApi();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const closing = c.closed === null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') return setError(`Say why the case is ${closing ? 'closed' : 'reopened'}: the reason goes into the custody ledger.`);
    setBusy(true);
    setError(null);
    try {
      if (closing) {
        const result = await api.call('case.close', { caseId: c.id, reason });
        setOutcome(`Case closed. ${result.stoppedWatches.length === 0 ? 'No watch was running.' : `${result.stoppedWatches.length} watch(es) stopped.`}`);
      } else {
        await api.call('case.reopen', { caseId: c.id, reason });
        setOutcome('Case reopened. Watches stopped when it was closed stay stopped: start them again from the capture screen.');
      }
      setReason('');
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="case-closure" aria-labelledby="closure-heading">
      <h2 id="closure-heading">{closing ? 'Close the case' : 'Reopen the case'}</h2>
      <p className="hint">
        {closing
          ? 'A closed case is kept whole and read-only: nothing can be captured, imported or changed, and its watches stop. It can still be exported and verified, and its lead can reopen it.'
          : `Closed ${formatUtc(c.closed?.at)} by ${c.closed?.by}: ${c.closed?.reason}.`}
      </p>
      {outcome ? <p role="status" className="notice">{outcome}</p> : null}
      <form className="row" onSubmit={submit}>
          <label className="grow">{closing ? 'Reason for closing' : 'Reason for reopening'}
            <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={closing ? 'e.g. file sent to the prosecutor' : 'e.g. new witness footage'} />
          </label>
          <button type="submit" className={closing ? 'danger' : 'primary'} disabled={busy}>{closing ? 'Close case' : 'Reopen case'}</button>
      </form>
      {error ? <p role="alert" className="error">{error}</p> : null}
    </section>
  );
}
