import type { ReactNode } from 'react';
import type { ItemSummary } from '@api/contract/review';
import { EVENT_SOURCE_SHORT, flagLabel, formatDistance, formatFromIncident, formatLocal, formatUtc, SEAL_FLAGS, WARNING_FLAGS } from '../format';
import { routeHref } from '../router';
import { statusLabel } from '../triage-words';

export interface ItemRowProps {
  row: ItemSummary;
  caseId: number;
  blobUrl: (sha256: string) => string;
  selected: boolean;
  onToggle: (id: number) => void;
  /** In review of a bundle, rows are not links into the case database. */
  href?: string | null;
  /** Draws the thumbnail another way (review reads it from the bundle). */
  renderThumb?: (row: ItemSummary) => ReactNode;
  /** The case's scene zone and incident time: each time is also read in the scene's local time and from the incident. */
  caseTime?: CaseTime;
}

/** What reading a time "as the investigator thinks of it" needs from the case. */
export interface CaseTime {
  timezone: string | null;
  incidentTime: string | null;
}

/** UTC on the first line, the scene's local time on the second, the time from the incident (and a note) on the third. */
function TimeCell({ iso, caseTime, className, empty, note }: { iso: string | null; caseTime?: CaseTime | undefined; className: string; empty: string; note?: string | undefined }) {
  const local = iso ? formatLocal(iso, caseTime?.timezone) : '';
  const fromIncident = iso ? formatFromIncident(iso, caseTime?.incidentTime) : '';
  return (
    <div className={className}>
      {iso ? <span>{formatUtc(iso)}</span> : <span className="muted">{empty}</span>}
      {local ? <span className="local-time" title={`Local time at the scene (${caseTime?.timezone ?? ''})`}>{local}</span> : null}
      {fromIncident || note ? (
        <span className="muted">
          {fromIncident ? <strong className="from-incident" title="From the incident">{fromIncident}</strong> : null}
          {fromIncident && note ? ' · ' : null}
          {note}
        </span>
      ) : null}
    </div>
  );
}

/**
 * One evidence row: thumbnail, name, kind and platform, event time with its source and capture time
 * side by side (each in UTC, the scene's local time and from the incident), distance, flags, grading, tags.
 */
export function ItemRow({ row, caseId, blobUrl, selected, onToggle, href, renderThumb, caseTime }: ItemRowProps) {
  const link = href === undefined ? routeHref({ screen: 'item', caseId, itemId: row.id }) : href;
  const flags = row.flags.filter((f) => f !== 'ungraded');
  return (
    <div className={`item-row${row.withdrawn ? ' withdrawn' : ''}${row.parentId !== null ? ' child-row' : ''}`} data-item-id={row.id}>
      <input type="checkbox" checked={selected} onChange={() => onToggle(row.id)} aria-label={`Select item ${row.id}`} />
      <div className="thumb" aria-hidden="true">
        {renderThumb ? renderThumb(row) : row.thumbSha256 ? <img src={blobUrl(row.thumbSha256)} alt="" loading="lazy" decoding="async" /> : <span className={`kind-badge ${row.kind}`}>{row.kind}</span>}
      </div>
      <div className="item-main">
        {link ? <a href={link} className="item-name">{row.name}</a> : <span className="item-name">{row.name}</span>}
        <div className="item-sub">
          <span className={`kind-badge ${row.kind}`}>{row.kind}</span>
          {row.platform ? <span className="platform">{row.platform}</span> : null}
          <span className="muted">#{row.id}</span>
          {row.parentId !== null ? <span className="muted child-of">from #{row.parentId}</span> : null}
          <span className={`triage-badge ${row.status}`} title="Triage status">{statusLabel(row.status)}</span>
          {row.assignee ? <span className="assignee" title="Assigned to">→ {row.assignee}</span> : null}
        </div>
      </div>
      <TimeCell className="item-time" iso={row.eventUtc} caseTime={caseTime} empty="no event time" note={EVENT_SOURCE_SHORT[row.eventSource] ?? row.eventSource} />
      <TimeCell className="item-time captured" iso={row.acquiredAt} caseTime={caseTime} empty="—" />
      <div className="item-distance">{formatDistance(row.distanceM)}</div>
      <div className="item-flags">
        {flags.map((flag) => <span key={flag} className={`flag${SEAL_FLAGS.has(flag) ? ' bad' : WARNING_FLAGS.has(flag) ? ' warn' : ''}`}>{flagLabel(flag)}</span>)}
        {row.tags.map((tag) => <span key={`t-${tag}`} className="tag">#{tag}</span>)}
      </div>
      <div className="item-grading" title="3x5x2 grading">{row.grading ?? <span className="muted">ungraded</span>}</div>
    </div>
  );
}
