import { formatUtc } from '../format';
import type { ClusterItem } from './map-props';

const WINDOW_WORDS = { true: 'inside the window', false: 'outside the window', null: 'no time' } as const;

/** The items of a clicked cluster: thumbnail, kind, time and whether inside the golden-hour window. */
export function ClusterList(props: {
  at: { x: number; y: number };
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
              <span className="cluster-item-time">{formatUtc(item.eventUtc)} · {WINDOW_WORDS[String(item.withinWindow) as keyof typeof WINDOW_WORDS]}</span>
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
