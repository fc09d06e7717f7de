import { useEffect, useState, type ReactNode } from 'react';
import type { ItemFilter } from '@api/contract/review';
import { flagLabel, formatFromIncident, formatLocal } from '../format';
import { NO_ASSIGNEE, statusLabel, TRIAGE_STATUSES, type TriageStatus } from '../triage-words';
import type { CaseTime } from './item-row';

type Facet = { value: string; count: number }[];

export interface FilterBarProps {
  filter: ItemFilter;
  onChange: (filter: ItemFilter) => void;
  /** Values present (statuses and assignees: in a case; a bundle's review may leave them out). */
  facets: { kinds: Facet; platforms: Facet; tags: Facet; flags: Facet; statuses?: Facet; assignees?: Facet } | null;
  /** The case's zone and incident time: a bound typed in UTC is also read in the scene's local time and from the incident. */
  caseTime?: CaseTime | undefined;
}

/** "local 2024-05-01 16:03:22 UTC+2 · −12 min" under a UTC bound, or nothing. */
function BoundReading({ iso, caseTime }: { iso: string | undefined; caseTime: CaseTime | undefined }) {
  const text = [formatLocal(iso, caseTime?.timezone), formatFromIncident(iso, caseTime?.incidentTime)].filter(Boolean).join(' · ');
  return text ? <span className="bound-reading">{text}</span> : null;
}

/** A UTC datetime-local value (as typed) to ISO, or undefined. */
function isoOf(local: string): string | undefined {
  return local ? `${local.length === 16 ? `${local}:00` : local}Z` : undefined;
}

function one(values: string[] | undefined): string {
  return values?.[0] ?? '';
}

function FacetSelect({ label, value, facet, onChange, format = (v: string) => v, extra }: { label: string; value: string; facet: Facet; onChange: (v: string) => void; format?: (v: string) => string; extra?: ReactNode }) {
  return (
    <label>{label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {extra}
        {facet.map((f) => <option key={f.value} value={f.value}>{format(f.value)} ({f.count})</option>)}
      </select>
    </label>
  );
}

/** Every status, counted where the case has it (a status no item has yet can still be chosen). */
function statusFacet(present: Facet | undefined): Facet {
  return TRIAGE_STATUSES.map(({ value }) => ({ value, count: present?.find((f) => f.value === value)?.count ?? 0 }));
}

/** The assignee filter's select value: a name, "no one" or any. */
function assigneeValue(assignees: (string | null)[] | undefined): string {
  const first = assignees?.[0];
  return first === undefined ? '' : first === null ? NO_ASSIGNEE : first;
}

/** Filters for the evidence grid, timeline and map: text, kind, platform, tag, flag, triage status and assignee, event-time range, distance. */
export function FilterBar({ filter, onChange, facets, caseTime }: FilterBarProps) {
  const [text, setText] = useState(filter.text ?? '');
  // Typing waits a moment before filtering, so 50,000 rows are not refiltered per key press.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((filter.text ?? '') !== text) onChange({ ...filter, text: text || undefined });
    }, 250);
    return () => clearTimeout(timer);
  }, [text, filter, onChange]);
  const set = (patch: Partial<ItemFilter>) => onChange({ ...filter, ...patch });
  const list = (v: string) => (v ? [v] : undefined);
  return (
    <form className="filter-bar" role="search" aria-label="Filter items" onSubmit={(e) => e.preventDefault()}>
      <label className="grow">Search<input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="name, URL, post text, notes, tag" /></label>
      <FacetSelect label="Kind" value={one(filter.kinds)} facet={facets?.kinds ?? []} onChange={(v) => set({ kinds: list(v) as ItemFilter['kinds'] })} />
      <FacetSelect label="Platform" value={one(filter.platforms)} facet={facets?.platforms ?? []} onChange={(v) => set({ platforms: list(v) })} />
      <FacetSelect label="Tag" value={one(filter.tags)} facet={facets?.tags ?? []} onChange={(v) => set({ tags: list(v) })} />
      <FacetSelect label="Flag" value={one(filter.flags)} facet={facets?.flags ?? []} onChange={(v) => set({ flags: list(v) })} format={flagLabel} />
      {facets?.statuses ? (
        <>
          <FacetSelect label="Status" value={one(filter.statuses)} facet={statusFacet(facets.statuses)} format={statusLabel} onChange={(v) => set({ statuses: v ? [v as TriageStatus] : undefined })} />
          <FacetSelect label="Assignee" value={assigneeValue(filter.assignees)} facet={facets.assignees ?? []} extra={<option value={NO_ASSIGNEE}>No one</option>}
            onChange={(v) => set({ assignees: v === '' ? undefined : [v === NO_ASSIGNEE ? null : v] })} />
        </>
      ) : null}
      <label>From (UTC)<input type="datetime-local" step="1" value={filter.from?.slice(0, 19) ?? ''} onChange={(e) => set({ from: isoOf(e.target.value) })} /><BoundReading iso={filter.from} caseTime={caseTime} /></label>
      <label>To (UTC)<input type="datetime-local" step="1" value={filter.to?.slice(0, 19) ?? ''} onChange={(e) => set({ to: isoOf(e.target.value) })} /><BoundReading iso={filter.to} caseTime={caseTime} /></label>
      <label>Within (m)<input type="number" min="0" className="narrow" value={filter.maxDistanceM ?? ''} onChange={(e) => set({ maxDistanceM: e.target.value === '' ? undefined : Number(e.target.value) })} /></label>
      <label className="check"><input type="checkbox" checked={filter.includeWithdrawn ?? true} onChange={(e) => set({ includeWithdrawn: e.target.checked })} />Show withdrawn</label>
      <button type="button" onClick={() => { setText(''); onChange({}); }}>Clear filters</button>
    </form>
  );
}
