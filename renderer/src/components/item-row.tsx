import type { ReactNode } from 'react';
import type { ItemSummary } from '@api/contract/review';
import { EVENT_SOURCE_SHORT, flagLabel, formatDistance, formatUtc, WARNING_FLAGS } from '../format';
import { routeHref } from '../router';

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
}

/** One evidence row: thumbnail, name, kind and platform, event time with its source, distance, flags, grading, tags. */
export function ItemRow({ row, caseId, blobUrl, selected, onToggle, href, renderThumb }: ItemRowProps) {
  const link = href === undefined ? routeHref({ screen: 'item', caseId, itemId: row.id }) : href;
  const flags = row.flags.filter((f) => f !== 'ungraded');
  return (
    <div className={`item-row${row.withdrawn ? ' withdrawn' : ''}`} data-item-id={row.id}>
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
        </div>
      </div>
      <div className="item-time">
        <span>{row.eventUtc ? formatUtc(row.eventUtc) : 'no event time'}</span>
        <span className="muted">{EVENT_SOURCE_SHORT[row.eventSource] ?? row.eventSource}</span>
      </div>
      <div className="item-distance">{formatDistance(row.distanceM)}</div>
      <div className="item-flags">
        {flags.map((flag) => <span key={flag} className={`flag${WARNING_FLAGS.has(flag) ? ' warn' : ''}`}>{flagLabel(flag)}</span>)}
        {row.tags.map((tag) => <span key={`t-${tag}`} className="tag">#{tag}</span>)}
      </div>
      <div className="item-grading" title="3x5x2 grading">{row.grading ?? <span className="muted">ungraded</span>}</div>
    </div>
  );
}
