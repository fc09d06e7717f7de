import { useEffect, useState } from 'react';
import type { ResponseOf } from '@api/contract';
import type { ItemSummary } from '@api/contract/review';
import { useApi } from '../api/use-api';

export type OpenedBundle = ResponseOf<'bundle.open'>;
export type BundleItem = OpenedBundle['items'][number];

const SHOWABLE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);

/** The picture to show for a bundle item: its thumbnail, else itself if an image, else its screenshot. */
export function bundlePicture(item: BundleItem, large = false): string | null {
  const images = item.artifacts.filter((a) => SHOWABLE.has(a.mediaType));
  const thumb = images.find((a) => a.role.includes(large ? 'preview' : 'thumb')) ?? images.find((a) => a.role.includes('thumb'));
  if (!large && thumb) return thumb.sha256;
  if (SHOWABLE.has(item.mediaType)) return item.sha256;
  return images.find((a) => a.role.includes('screenshot'))?.sha256 ?? thumb?.sha256 ?? null;
}

/** A bundle file shown as an image: read through `bundle.file` (hash-checked) as a data URL, never extracted. */
export function BundleImage({ path, sha256, alt, className, maxBytes = 8_000_000 }: { path: string; sha256: string; alt: string; className?: string; maxBytes?: number }) {
  const api = useApi();
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    api.call('bundle.file', { path, sha256, maxBytes }).then(
      (file) => live && SHOWABLE.has(file.mediaType) && setSrc(`data:${file.mediaType};base64,${file.base64}`),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [api, path, sha256, maxBytes]);
  if (failed) return <span className="muted">not shown</span>;
  return src ? <img src={src} alt={alt} className={className} /> : null;
}

/** A bundle item as a grid row. */
export function bundleSummary(item: BundleItem, c: OpenedBundle['case']): ItemSummary {
  return {
    id: item.id,
    kind: item.kind,
    name: item.title ?? item.originalName ?? item.sourceUrl ?? `item ${item.id}`,
    platform: item.post?.platform ?? null,
    eventUtc: item.eventTime?.utc ?? null,
    eventSource: item.eventTime?.source ?? 'none',
    acquiredAt: item.acquiredAt,
    lat: item.location?.lat ?? null,
    lon: item.location?.lon ?? null,
    distanceM: item.scene?.distanceM ?? null,
    withinWindow: item.withinWindow,
    flags: [...item.flags, ...(item.eventTime?.utc ? [] : ['no-time']), ...(item.withinWindow === false ? ['outside-window'] : []), ...(item.withdrawn ? ['withdrawn'] : [])],
    tags: item.tags,
    grading: item.grading ? `${item.grading.source}${item.grading.intelligence}${item.grading.handling}` : null,
    thumbSha256: c ? bundlePicture(item) : null,
    withdrawn: item.withdrawn !== null,
    parentId: item.parentId,
    status: item.triage.status,
    assignee: item.triage.assignee,
  };
}

/** The verdict badge shown first when a bundle is opened. */
export function VerdictBadge({ verification }: { verification: OpenedBundle['verification'] }) {
  const sig = verification.signature;
  return (
    <div className="verdict" role="status" data-testid="verdict">
      <span className={`badge ${verification.ok ? 'ok' : 'bad'}`}>{verification.ok ? 'Intact: every file matches its seal' : 'NOT intact'}</span>
      <span className="muted">
        {verification.files} files · signature {sig.present ? (sig.valid ? `valid (${sig.algorithm}, key ${sig.fingerprintGrouped ?? sig.fingerprint})` : 'INVALID') : 'missing'}
        {sig.timestamp.present ? ` · timestamp ${sig.timestamp.valid ? `valid, ${sig.timestamp.genTime}` : 'INVALID'}` : ' · no timestamp'}
      </span>
      {!verification.ok ? <ul className="errors">{verification.problems.slice(0, 50).map((p, i) => <li key={i}>{p.path}: {p.problem}</li>)}</ul> : null}
    </div>
  );
}
