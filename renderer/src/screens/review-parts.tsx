import { useEffect, useState } from 'react';
import type { ResponseOf } from '@api/contract';
import type { ItemSummary } from '@api/contract/review';
import { useApi } from '../api/use-api';

export type OpenedBundle = ResponseOf<'bundle.open'>;
export type BundleItem = OpenedBundle['items'][number];
export type UnreadableItem = OpenedBundle['unreadableItems'][number];
type Fault = BundleItem['faults'][number];

/** The grid flag for each fault, so a marked item is also found with the flag filter. */
const FAULT_FLAG: Record<Fault['fault'], string> = { changed: 'file-changed', missing: 'file-missing', unreadable: 'file-unreadable' };

function faultFlags(faults: Fault[]): string[] {
  return [...new Set(faults.map((f) => FAULT_FLAG[f.fault]))];
}

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
export function bundleSummary(item: BundleItem): ItemSummary {
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
    flags: [...faultFlags(item.faults), ...item.flags, ...(item.eventTime?.utc ? [] : ['no-time']), ...(item.withinWindow === false ? ['outside-window'] : []), ...(item.withdrawn ? ['withdrawn'] : [])],
    tags: item.tags,
    grading: item.grading ? `${item.grading.source}${item.grading.intelligence}${item.grading.handling}` : null,
    thumbSha256: bundlePicture(item),
    withdrawn: item.withdrawn !== null,
    parentId: item.parentId,
    status: item.triage.status,
    assignee: item.triage.assignee,
  };
}

/** A grid row for an item the manifest lists whose record cannot be shown: what the sealed manifest says of it. */
export function unreadableSummary(item: UnreadableItem): ItemSummary {
  return {
    id: item.id, kind: item.kind, name: `Item ${item.id}: its record cannot be read`, platform: null, eventUtc: null, eventSource: 'none', acquiredAt: '',
    lat: null, lon: null, distanceM: null, withinWindow: null, flags: [...faultFlags(item.faults), ...(item.withdrawn ? ['withdrawn'] : [])], tags: [], grading: null,
    thumbSha256: null, withdrawn: item.withdrawn, parentId: null,
    // Its triage is in the record that cannot be read: shown as an untriaged item.
    status: 'new', assignee: null,
  };
}

const ROLE_WORDS: Record<Fault['role'], string> = {
  original: 'The original',
  artifact: 'A capture file',
  derived: 'A derived working copy',
  item: "The item's record (what this panel shows)",
  document: 'A document',
};

/** What is wrong with an item's files, in words, at the top of its panel; or that every file matches its seal. */
export function SealFaults({ faults }: { faults: Fault[] }) {
  if (faults.length === 0) return <p className="notice ok" data-testid="item-seal">Every file of this item matches the hash sealed in the bundle.</p>;
  const record = faults.some((f) => f.role === 'item');
  return (
    <div className="notice bad" role="alert" data-testid="item-seal">
      <p><span className="seal-mark">Does not match the seal</span> {faults.length === 1 ? 'One file of this item fails' : `${faults.length} files of this item fail`} the bundle&apos;s check:</p>
      <ul className="seal-faults">
        {faults.map((f) => <li key={f.path}><strong>{ROLE_WORDS[f.role]}</strong> <code>{f.path}</code>: {f.says}.</li>)}
      </ul>
      {record ? <p>What is shown of this item comes from that record, so it may not be what was sealed.</p> : null}
    </div>
  );
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
