import { useState } from 'react';
import type { ResponseOf } from '@api/contract';
import { useApi } from '../api/use-api';
import { routeHref } from '../router';

type Cluster = ResponseOf<'media.duplicates'>['clusters'][number];

/** Items that look like this one (perceptual hash), found on request: it compares the whole case. */
export function LookAlikes({ caseId, itemId }: { caseId: number; itemId: number }) {
  const api = useApi();
  const [cluster, setCluster] = useState<Cluster | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const find = async () => {
    setError(null);
    try {
      const result = await api.call('media.duplicates', { caseId });
      setCluster(result.clusters.find((c) => c.members.some((m) => m.itemId === itemId)) ?? null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="look-alikes">
      <button type="button" onClick={() => void find()}>Find look-alikes in the case</button>
      {error ? <p role="alert" className="error">{error}</p> : null}
      {cluster === null ? <p className="muted">No other item looks like this one.</p> : null}
      {cluster ? (
        <ul data-testid="look-alikes">
          {cluster.members.filter((m) => m.itemId !== itemId).map((m) => (
            <li key={m.itemId}><a href={routeHref({ screen: 'item', caseId, itemId: m.itemId })}>{m.name ?? `item ${m.itemId}`}</a> <span className="muted">({m.kind}, distance {m.distance})</span></li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
