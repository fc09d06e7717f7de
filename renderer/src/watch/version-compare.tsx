import { useApi, useOperation } from '../api/use-api';

interface DiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

/** One version's viewport screenshot, by its item. */
function VersionShot({ itemId, label }: { itemId: number; label: string }) {
  const api = useApi();
  const detail = useOperation('item.detail', { itemId });
  const shot = detail.data?.item.artifacts.find((a) => a.role === 'screenshot-viewport') ?? detail.data?.item.artifacts.find((a) => a.role === 'screenshot-full');
  return (
    <figure className="version-shot">
      <figcaption>{label}</figcaption>
      {shot ? <img src={api.blobUrl(shot.sha256)} alt={`Screenshot of ${label}`} /> : <p className="muted">{detail.error ?? (detail.loading ? 'Loading…' : 'No screenshot.')}</p>}
    </figure>
  );
}

/** Two versions side by side (screenshots), with the word diff of the post text (or page text) below. */
export function VersionCompare({ before, after, diff }: { before: { itemId: number; label: string }; after: { itemId: number; label: string }; diff: DiffPart[] | null }) {
  return (
    <div className="version-compare">
      <div className="version-pair">
        <VersionShot itemId={before.itemId} label={before.label} />
        <VersionShot itemId={after.itemId} label={after.label} />
      </div>
      {diff ? (
        <p className="word-diff" aria-label="What changed in the text">
          {diff.map((part, i) => part.op === 'same' ? <span key={i}>{part.text} </span> : part.op === 'added' ? <ins key={i}>{part.text} </ins> : <del key={i}>{part.text} </del>)}
        </p>
      ) : null}
    </div>
  );
}
