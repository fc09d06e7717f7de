import type { Core } from '../../core.js';
import type { CustodyEntry } from '../../custody/chain.js';
import type { Case } from '../../domain/case.js';
import type { Item, ItemComment } from '../../domain/item.js';
import { itemView } from '../../items/item-view.js';
import { buildTimeline, timelineCsv } from '../../timeline/timeline.js';
import { GoldenHourError } from '../../util/errors.js';
import { itemJson, itemJsonPath, manifestFilesByItem, planBlobs, thumbnailLoader, type PlannedBlob } from './bundle-plan.js';
import { caseJsonLd } from '../documents/case-jsonld.js';
import { locationsGeoJson, locationsKml } from '../documents/geo-documents.js';
import { BUNDLE_FILES } from '../format/layout.js';
import { reportHtml } from '../documents/report-html.js';
import { selectItems, type BundleSelection } from './selection.js';
import { loadOrCreateSigningKey, type SigningKey } from '../format/signing-key.js';
import { verifyText } from '../documents/verify-text.js';
import { versionItemIds, watchesInBundle, watchesJson, watchesReportSection, WATCHES_FILE, type WatchRecord } from '../documents/watch-documents.js';

/** What exporting uses from the core. */
export type ExportDeps = Pick<Core, 'store' | 'ledger' | 'watches' | 'vault' | 'clock'> & { layout: Pick<Core['layout'], 'keys'> };

/** Everything decided before the first byte of a bundle is written. */
export interface ExportPlan {
  case: Case;
  items: Item[];
  ledger: CustodyEntry[];
  key: SigningKey;
  /** Vault blobs, in zip order. */
  blobs: PlannedBlob[];
  /** Files made from the case (items/, custody, timeline, maps, CASE/UCO, report, VERIFY.txt), in zip order. */
  documents: BundleDocument[];
}

/**
 * A file made from the case, produced only when its turn comes (so one is in memory at a time):
 * bytes, or a stream of them for the report.
 */
export interface BundleDocument {
  path: string;
  content: () => Buffer | AsyncIterable<Buffer> | Iterable<Buffer>;
}

/**
 * Selects the items and makes the bundle's documents. They hold no export time, so the same
 * case state gives the same bytes; the time goes into the manifest and seal only.
 */
export async function planExport(core: ExportDeps, caseId: number, selection: BundleSelection, operator: string, watchRecords: WatchRecord[] = []): Promise<ExportPlan> {
  // One read-only unit of work: the items and the ledger come from the same snapshot, so a change
  // committed meanwhile cannot leave an item file that the exported ledger does not cover.
  const { c, items, ledger, comments } = await core.store.read(async (tx) => {
    const found = await tx.cases.get(caseId);
    const selected = await selectItems(tx.items, found.id, selection);
    // Every version of a watched item comes with it, whatever the time range, as its children do.
    const versions = versionItemIds(watchRecords, new Set(selected.map((item) => item.id)));
    const withVersions = versions.some((id) => !selected.some((item) => item.id === id))
      ? await selectItems(tx.items, found.id, { itemIds: [...selected.map((item) => item.id), ...versions] })
      : selected;
    return { c: found, items: withVersions, ledger: await tx.ledger.list(found.id), comments: await tx.comments.listForCase(found.id) };
  });
  const watches = watchesInBundle(watchRecords, items);
  if (items.length === 0) throw new GoldenHourError('invalid-input', `The selection matches no items of case ${c.id}: nothing to export`);
  const key = loadOrCreateSigningKey(core.layout.keys);
  const views = items.map((item) => itemView(item, c));
  const { blobs, refs } = planBlobs(items);
  const commentsByItem = groupComments(comments);
  const documents: BundleDocument[] = [
    ...views.map((view): BundleDocument => ({ path: itemJsonPath(view.id), content: () => itemJson(view, refs.get(view.id) ?? [], commentsByItem.get(view.id) ?? []) })),
    { path: BUNDLE_FILES.custody, content: () => Buffer.from(ledger.map((entry) => `${JSON.stringify(entry)}\n`).join('')) },
    ...(watches.length > 0 ? [{ path: WATCHES_FILE, content: () => watchesJson(watches) }] : []),
    { path: BUNDLE_FILES.timeline, content: () => Buffer.from(timelineCsv(buildTimeline(views))) },
    { path: BUNDLE_FILES.geojson, content: () => Buffer.from(locationsGeoJson(c, views)) },
    { path: BUNDLE_FILES.kml, content: () => Buffer.from(locationsKml(c, views)) },
    { path: BUNDLE_FILES.caseJsonLd, content: () => caseJsonLd(c, views, manifestFilesByItem(refs), commentsByItem) },
    { path: BUNDLE_FILES.report, content: () => reportHtml({ case: c, items: views, filesByItem: refs, commentsByItem, thumbnail: thumbnailLoader(core.vault), exporter: operator,
      fingerprint: key.fingerprint, custody: { entries: ledger.length, headHash: ledger[ledger.length - 1]?.hash ?? '' }, watchesSection: watchesReportSection(watches) }) },
    { path: BUNDLE_FILES.verifyText, content: () => Buffer.from(verifyText(key.fingerprint)) },
  ];
  return { case: c, items, ledger, key, blobs, documents };
}

/** Each item's comments, oldest first (as the case lists them). */
function groupComments(comments: ItemComment[]): Map<number, ItemComment[]> {
  const byItem = new Map<number, ItemComment[]>();
  for (const comment of comments) byItem.set(comment.itemId, [...(byItem.get(comment.itemId) ?? []), comment]);
  return byItem;
}
