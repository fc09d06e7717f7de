import type { Core } from '../core.js';
import type { CustodyEntry } from '../custody/chain.js';
import type { Case } from '../domain/case.js';
import type { Item } from '../domain/item.js';
import { itemView } from '../items/item-view.js';
import { buildTimeline, timelineCsv } from '../timeline/timeline.js';
import { GoldenHourError } from '../util/errors.js';
import { itemJson, itemJsonPath, loadThumbnails, manifestFilesByItem, planBlobs, type PlannedBlob } from './bundle-plan.js';
import { caseJsonLd } from './case-jsonld.js';
import { locationsGeoJson, locationsKml } from './geo-documents.js';
import { BUNDLE_FILES } from './layout.js';
import { reportHtml } from './report-html.js';
import { selectItems, type BundleSelection } from './selection.js';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key.js';
import { verifyText } from './verify-text.js';

/** Everything decided before the first byte of a bundle is written. */
export interface ExportPlan {
  case: Case;
  items: Item[];
  ledger: CustodyEntry[];
  key: SigningKey;
  /** Vault blobs, in zip order. */
  blobs: PlannedBlob[];
  /** Small files made from the case (items/, custody, timeline, maps, CASE/UCO, report, VERIFY.txt), in zip order. */
  documents: [string, Buffer][];
}

/**
 * Selects the items and makes the bundle's documents. They hold no export time, so the same
 * case state gives the same bytes; the time goes into the manifest and seal only.
 */
export async function planExport(core: Core, caseId: number, selection: BundleSelection, operator: string): Promise<ExportPlan> {
  // One read transaction: the items and the ledger come from the same snapshot, so a change
  // committed meanwhile cannot leave an item file that the exported ledger does not cover.
  const { c, items, ledger } = core.db.transaction(() => {
    const found = core.cases.get(caseId);
    return { c: found, items: selectItems(core.items, found.id, selection), ledger: core.ledger.list(found.id) };
  })();
  if (items.length === 0) throw new GoldenHourError('invalid-input', `The selection matches no items of case ${c.id}: nothing to export`);
  const key = loadOrCreateSigningKey(core.layout.keys);
  const views = items.map((item) => itemView(item, c));
  const { blobs, refs } = planBlobs(items);
  const filesByItem = manifestFilesByItem(refs);
  const thumbnails = await loadThumbnails(core.vault, items);
  const report = reportHtml({ case: c, items: views, filesByItem: refs, thumbnails, exporter: operator, fingerprint: key.fingerprint,
    custody: { entries: ledger.length, headHash: ledger[ledger.length - 1]?.hash ?? '' } });
  const documents: [string, Buffer][] = [
    ...views.map((view): [string, Buffer] => [itemJsonPath(view.id), itemJson(view, refs.get(view.id) ?? [])]),
    [BUNDLE_FILES.custody, Buffer.from(ledger.map((entry) => `${JSON.stringify(entry)}\n`).join(''))],
    [BUNDLE_FILES.timeline, Buffer.from(timelineCsv(buildTimeline(views)))],
    [BUNDLE_FILES.geojson, Buffer.from(locationsGeoJson(c, views))],
    [BUNDLE_FILES.kml, Buffer.from(locationsKml(c, views))],
    [BUNDLE_FILES.caseJsonLd, Buffer.from(caseJsonLd(c, views, filesByItem))],
    [BUNDLE_FILES.report, Buffer.from(report)],
    [BUNDLE_FILES.verifyText, Buffer.from(verifyText(key.fingerprint))],
  ];
  return { case: c, items, ledger, key, blobs, documents };
}
