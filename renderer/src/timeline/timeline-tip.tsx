import { useEffect, useState } from 'react';
import { EVENT_SOURCE_SHORT, formatFromIncident, formatLocal, formatUtc } from '../format';

/** What a dot's card shows beyond its times: fetched when the dot is first pointed at. */
export interface DotInfo {
  name: string;
  thumbUrl: string | null;
}

export interface TimelineTipProps {
  id: number;
  kind: string;
  eventMs: number | null;
  acquiredMs: number;
  source: string;
  incidentMs: number | null;
  timezone: string | null;
  /** Where the dot is, in the wrapper's pixels. */
  x: number;
  y: number;
  wrapWidth: number;
  describe?: ((id: number) => Promise<DotInfo | null>) | undefined;
}

/** One time as a line: UTC, the scene's local time, and from the incident. */
function timeLine(ms: number, zone: string | null, incidentMs: number | null): string {
  return [formatUtc(new Date(ms).toISOString()), formatLocal(ms, zone), formatFromIncident(ms, incidentMs)].filter(Boolean).join(' · ');
}

/**
 * The card of the dot under the pointer or keyboard focus: thumbnail, title, event and capture
 * time (UTC, local, from the incident) and where the event time came from.
 */
export function TimelineTip({ id, kind, eventMs, acquiredMs, source, incidentMs, timezone, x, y, wrapWidth, describe }: TimelineTipProps) {
  const [info, setInfo] = useState<{ id: number; info: DotInfo | null } | null>(null);
  useEffect(() => {
    let live = true;
    if (describe) void describe(id).then((found) => { if (live) setInfo({ id, info: found }); }).catch(() => { if (live) setInfo({ id, info: null }); });
    return () => { live = false; };
  }, [id, describe]);
  const shown = info?.id === id ? info.info : null;
  const width = 320;
  const left = Math.max(4, Math.min(x + 14, wrapWidth - width - 4));
  return (
    <div className="timeline-tip" role="status" data-testid="timeline-tip" style={{ left, top: y + 12, width }}>
      <div className="tip-head">
        {shown?.thumbUrl ? <img src={shown.thumbUrl} alt="" /> : <span className={`kind-badge ${kind}`}>{kind}</span>}
        <strong className="tip-title">{shown?.name ?? `Item ${id}`}</strong>
      </div>
      <dl>
        <dt>Event</dt><dd>{eventMs === null ? 'no event time' : timeLine(eventMs, timezone, incidentMs)}</dd>
        <dt>Source</dt><dd>{EVENT_SOURCE_SHORT[source] ?? source}</dd>
        <dt>Captured</dt><dd>{timeLine(acquiredMs, timezone, incidentMs)}</dd>
      </dl>
    </div>
  );
}
