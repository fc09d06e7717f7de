import { useEffect, useState } from 'react';
import { NO_ASSIGNEE, statusLabel, TRIAGE_STATUSES, type TriageStatus } from '../triage-words';
import type { CaseAccess } from './use-case-access';

/** What a triage form asks to change: only the parts the person changed. */
export interface TriageChange {
  status?: TriageStatus;
  assignee?: string | null;
}

/** The assignee control: the case's members on a team server, any name on this computer (empty for no one). */
export function AssigneeField({ value, onChange, members, label = 'Assignee' }: { value: string; onChange: (value: string) => void; members: string[] | null; label?: string }) {
  if (members) {
    // Someone assigned before leaving the case stays shown, so the select never lies about the item.
    const names = value && value !== NO_ASSIGNEE && !members.includes(value) ? [...members, value] : members;
    return (
      <label>{label}
        <select value={value} onChange={(e) => onChange(e.target.value)}>
          <option value={NO_ASSIGNEE}>No one</option>
          {names.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </label>
    );
  }
  return <label>{label}<input value={value === NO_ASSIGNEE ? '' : value} onChange={(e) => onChange(e.target.value)} placeholder="no one" maxLength={200} /></label>;
}

/** An assignee control's value as the API takes it: a name, or null for no one. */
export function assigneeOf(value: string): string | null {
  const name = value === NO_ASSIGNEE ? '' : value.trim();
  return name === '' ? null : name;
}

/** One item's status and assignee: shown to everyone, changeable by those who may (a reviewer reads them only). */
export function TriageForm({ triage, access, onSave }: { triage: { status: TriageStatus; assignee: string | null }; access: CaseAccess; onSave: (change: TriageChange) => Promise<void> }) {
  const [status, setStatus] = useState<TriageStatus>(triage.status);
  const [assignee, setAssignee] = useState(triage.assignee ?? NO_ASSIGNEE);
  useEffect(() => {
    setStatus(triage.status);
    setAssignee(triage.assignee ?? NO_ASSIGNEE);
  }, [triage.status, triage.assignee]);
  const shown = (
    <dl className="facts" data-testid="triage-now">
      <dt>Status</dt><dd>{statusLabel(triage.status)}</dd>
      <dt>Assigned to</dt><dd>{triage.assignee ?? 'no one'}</dd>
    </dl>
  );
  if (!access.mayChange) {
    return (
      <div className="triage">
        {shown}
        {access.known ? (
          <p className="hint" data-testid="triage-read-only">
            {access.role === 'reviewer' ? 'You are a reviewer on this case: you can read its triage and comments, not change them.' : 'Only the members of this case who capture and review it can change its triage.'}
          </p>
        ) : null}
      </div>
    );
  }
  const change: TriageChange = {
    ...(status !== triage.status ? { status } : {}),
    ...(assigneeOf(assignee) !== triage.assignee ? { assignee: assigneeOf(assignee) } : {}),
  };
  return (
    <form className="triage" aria-label="Triage" onSubmit={(e) => { e.preventDefault(); void onSave(change); }}>
      {shown}
      <label>Status
        <select value={status} onChange={(e) => setStatus(e.target.value as TriageStatus)}>
          {TRIAGE_STATUSES.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
        </select>
      </label>
      <AssigneeField value={assignee} onChange={setAssignee} members={access.members} />
      <button type="submit" className="primary" disabled={Object.keys(change).length === 0}>Save triage</button>
    </form>
  );
}
