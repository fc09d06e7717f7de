import { formatLocal, formatUtc } from '../format';
import type { ClusterItem } from './map-props';

const WINDOW_WORDS = { true: 'inside the window', false: 'outside the window', null: 'no time' } as const;

/** An item's time in UTC and, with the case's zone, the scene's local time beside it (as the grid shows it). */
function timeText(eventUtc: string | null, timezone: string | null): string {
  const local = eventUtc ? formatLocal(eventUtc, timezone) : '';
  return local ? `${formatUtc(eventUtc)} · ${local}` : formatUtc(eventUtc);
}

/** The items of a clicked cluster: thumbnail, kind, time (UTC and local) and whether inside the golden-hour window. */
export function ClusterList(props: {
  at: { x: number; y: number };
  /** The case's zone: each time is also given in the scene's local time. */
  timezone: string | null;
  items: ClusterItem[] | null;
  total: number;
  error: string | null;
  onOpen?: (id: number) => void;
  onZoom: (() => void) | null;
  onClose: () => void;
}) {
  const { items } = props;
  return (
    <div className="map-cluster" style={{ left: props.at.x + 12, top: Math.max(4, props.at.y - 12) }} role="dialog" aria-label="Items here">
      {props.error ? <p className="error-text">{props.error}</p> : null}
      {items === null && !props.error ? <p className="muted">Loading {props.total} items…</p> : null}
      <ul>
        {(items ?? []).map((item) => (
          <li key={item.id} data-window={String(item.withinWindow)}>
            {item.thumbUrl ? <img src={item.thumbUrl} alt="" width={48} height={36} /> : <span className={`kind-chip kind-${item.kind}`} aria-hidden="true">{item.kind.slice(0, 1).toUpperCase()}</span>}
            <span className="cluster-item-text">
              <button type="button" onClick={() => props.onOpen?.(item.id)} disabled={!props.onOpen}>Item {item.id} · {item.kind}</button>
              <span className="cluster-item-name">{item.name}</span>
              <span className="cluster-item-time" title={props.timezone ? `UTC, and local time at the scene (${props.timezone})` : undefined}>{timeText(item.eventUtc, props.timezone)} · {WINDOW_WORDS[String(item.withinWindow) as keyof typeof WINDOW_WORDS]}</span>
            </span>
          </li>
        ))}
      </ul>
      {items !== null && props.total > items.length ? (
        <p className="muted">{props.total - items.length} more here. {props.onZoom ? <button type="button" onClick={props.onZoom}>Zoom in to split them</button> : null}</p>
      ) : null}
      <button type="button" className="close" onClick={props.onClose} aria-label="Close the list">×</button>
    </div>
  );
}
