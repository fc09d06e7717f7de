import { useState } from 'react';
import { useApi } from '../api/use-api';
import { NO_ASSIGNEE, TRIAGE_STATUSES, type TriageStatus } from '../triage-words';
import { AssigneeField, assigneeOf, type TriageChange } from './triage-form';
import type { CaseAccess } from './use-case-access';

function outcome(what: string, result: { changed: number[]; unchanged: number[] }): string {
  const n = result.changed.length;
  const already = result.unchanged.length > 0 ? ` (${result.unchanged.length} already so, left as they were)` : '';
  return `${what} on ${n} item${n === 1 ? '' : 's'}${already} — one custody ledger entry each.`;
}

/**
 * Above the grid while items are selected: set the status, or the assignee, of all of them at
 * once (all or none; one ledger entry per item changed). Not offered to a reviewer.
 */
export function BulkTriage({ caseId, selected, access, onDone }: { caseId: number; selected: ReadonlySet<number>; access: CaseAccess; onDone: () => void }) {
  const api = useApi();
  const [status, setStatus] = useState<TriageStatus | ''>('');
  const [assignee, setAssignee] = useState(NO_ASSIGNEE);
  const [said, setSaid] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (selected.size === 0 || !access.mayChange) return null;
  const apply = async (what: string, change: TriageChange) => {
    setError(null);
    setSaid(null);
    try {
      setSaid(outcome(what, await api.call('items.setTriage', { caseId, itemIds: [...selected], ...change })));
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const n = `${selected.size} selected item${selected.size === 1 ? '' : 's'}`;
  const assigned = assigneeOf(assignee);
  return (
    <div className="bulk-triage" role="group" aria-label={`Triage of the ${n}`} data-testid="bulk-triage">
      <form onSubmit={(e) => { e.preventDefault(); if (status) void apply('Status set', { status }); }}>
        <label>Status of the {n}
          <select value={status} onChange={(e) => setStatus(e.target.value as TriageStatus | '')}>
            <option value="">Choose…</option>
            {TRIAGE_STATUSES.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
        </label>
        <button type="submit" disabled={!status}>Set status</button>
      </form>
      <form onSubmit={(e) => { e.preventDefault(); void apply(assigned ? `Assigned to ${assigned}` : 'Assigned to no one', { assignee: assigned }); }}>
        <AssigneeField label={`Assign the ${n} to`} value={assignee} onChange={setAssignee} members={access.members} />
        <button type="submit">Assign</button>
      </form>
      {said ? <p role="status" data-testid="bulk-triage-outcome">{said}</p> : null}
      {error ? <p role="alert" className="error-text">{error}</p> : null}
    </div>
  );
}
