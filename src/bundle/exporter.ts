import { createReadStream } from 'node:fs';
import { link, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Core } from '../core.js';
import { itemView } from '../items/item-view.js';
import { buildTimeline, timelineCsv } from '../timeline/timeline.js';
import { isoUtc } from '../util/clock.js';
import { GoldenHourError, errorMessage } from '../util/errors.js';
import { tool } from '../version.js';
import { itemJson, itemJsonPath, loadThumbnails, manifestFilesByItem, planBlobs } from './bundle-plan.js';
import { caseJsonLd } from './case-jsonld.js';
import { locationsGeoJson, locationsKml } from './geo-documents.js';
import { BUNDLE_FILES, documentMediaType, isAlreadyCompressed } from './layout.js';
import { MANIFEST_FORMAT, MANIFEST_FORMAT_VERSION, sha256Sums, type Manifest, type ManifestFile } from './manifest.js';
import { reportHtml } from './report-html.js';
import { makeSeal, type SealTimestamp } from './seal.js';
import { selectItems, type BundleSelection } from './selection.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import { verifyText } from './verify-text.js';
import { DeterministicZipWriter } from './zip-writer.js';

const READ_CHUNK_BYTES = 1024 * 1024;

/** Asks a time-stamping authority for a token over the manifest's SHA-256 (see tsa-client.ts). */
export type Timestamper = (manifest: Buffer) => Promise<{ token: Buffer; info: SealTimestamp }>;

export interface ExportRequest {
  caseId: number;
  outPath: string;
  selection: BundleSelection;
  operator: string;
  timestamper?: Timestamper | null;
  onProgress?: (progress: { done: number; total: number; bytes: number }) => void;
}

/** What an export produced (also recorded in the case's custody ledger). */
export interface ExportResult {
  path: string;
  sha256: string;
  size: number;
  files: number;
  itemIds: number[];
  manifestSha256: string;
  fingerprint: string;
  exportedAt: string;
  timestamp: SealTimestamp | null;
  custodySeq: number;
}

/**
 * Writes a sealed bundle of a case's selected items to `outPath`. The zip is written to a
 * temporary file beside it, hashed as it streams, fsynced and linked into place (an existing
 * file is never replaced); then the export is recorded in the case's custody ledger with the
 * bundle's SHA-256. A blob whose bytes no longer match its SHA-256 stops the export.
 */
export async function exportBundle(core: Core, request: ExportRequest): Promise<ExportResult> {
  const outPath = request.outPath;
  if (await stat(outPath).then(() => true, () => false)) {
    throw new GoldenHourError('conflict', `--out ${outPath} already exists: choose another file name (a bundle is never overwritten)`);
  }
  if (!(await stat(dirname(outPath)).then((s) => s.isDirectory(), () => false))) {
    throw new GoldenHourError('invalid-input', `Expected --out to be in an existing folder but ${dirname(outPath)} is not one`);
  }
  const c = core.cases.get(request.caseId);
  const items = selectItems(core.items, c.id, request.selection);
  if (items.length === 0) throw new GoldenHourError('invalid-input', `The selection matches no items of case ${c.id}: nothing to export`);
  const key = loadOrCreateSigningKey(core.layout.keys);
  const exportedAt = isoUtc(core.clock.now());
  const views = items.map((item) => itemView(item, c));
  const ledger = core.ledger.list(c.id);
  const head = ledger[ledger.length - 1];
  const { blobs, refs } = planBlobs(items);
  const filesByItem = manifestFilesByItem(refs);
  const thumbnails = await loadThumbnails(core.vault, items);

  const documents: [string, Buffer][] = [
    ...views.map((view): [string, Buffer] => [itemJsonPath(view.id), itemJson(view, refs.get(view.id) ?? [])]),
    [BUNDLE_FILES.custody, Buffer.from(ledger.map((entry) => `${JSON.stringify(entry)}\n`).join(''))],
    [BUNDLE_FILES.timeline, Buffer.from(timelineCsv(buildTimeline(views)))],
    [BUNDLE_FILES.geojson, Buffer.from(locationsGeoJson(c, views))],
    [BUNDLE_FILES.kml, Buffer.from(locationsKml(c, views))],
    [BUNDLE_FILES.caseJsonLd, Buffer.from(caseJsonLd(c, views, filesByItem))],
    [BUNDLE_FILES.report, Buffer.from(reportHtml({ case: c, items: views, filesByItem, thumbnails, exporter: request.operator,
      fingerprint: key.fingerprint, custody: { entries: ledger.length, headHash: head?.hash ?? '' } }))],
    [BUNDLE_FILES.verifyText, Buffer.from(verifyText(key.fingerprint))],
  ];

  const tmpPath = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.part`);
  const writer = new DeterministicZipWriter(tmpPath);
  const files: ManifestFile[] = [];
  const total = blobs.length + documents.length;
  let bytes = 0;
  try {
    for (const blob of blobs) {
      // Large reads: fewer, bigger chunks through hashing, CRC and the zip stream.
      const source = createReadStream(core.vault.pathOf(blob.sha256), { highWaterMark: READ_CHUNK_BYTES });
      const written = await writer.addStream(blob.path, source, isAlreadyCompressed(blob.mediaType));
      if (written.sha256 !== blob.sha256 || written.size !== blob.size) {
        throw new GoldenHourError('verification-failed', `The vault copy of ${blob.sha256} (item ${blob.itemIds.join(', ')}) no longer matches its SHA-256 (read ${written.sha256}, ${written.size} bytes): run \`goldenhour custody ${c.id} --verify\`; nothing was exported`);
      }
      files.push({ path: blob.path, size: written.size, sha256: written.sha256, mediaType: blob.mediaType, role: blob.role, itemIds: blob.itemIds });
      bytes += written.size;
      request.onProgress?.({ done: files.length, total, bytes });
    }
    for (const [path, content] of documents) {
      const written = await writer.addBuffer(path, content, false);
      const itemId = path.startsWith('items/') ? Number(path.slice(6, -5)) : null;
      files.push({ path, size: written.size, sha256: written.sha256, mediaType: documentMediaType(path), role: itemId !== null ? 'item' : 'document', ...(itemId !== null ? { itemIds: [itemId] } : {}) });
      bytes += written.size;
      request.onProgress?.({ done: files.length, total, bytes });
    }
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      formatVersion: MANIFEST_FORMAT_VERSION,
      tool: { name: tool.name, version: tool.version },
      exportedAt,
      exporter: request.operator,
      case: c,
      selection: { from: request.selection.from ?? null, to: request.selection.to ?? null, itemIds: request.selection.itemIds ?? null, withdrawn: 'included, marked withdrawn' },
      items: items.map((item) => ({ id: item.id, uuid: item.uuid, kind: item.kind, sha256: item.sha256, withdrawn: item.withdrawn !== null })),
      custody: { entries: ledger.length, headSeq: head?.seq ?? 0, headHash: head?.hash ?? '' },
      files,
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    const manifestDigest = await writer.addBuffer(BUNDLE_FILES.manifest, manifestBytes, false);
    await writer.addBuffer(BUNDLE_FILES.sums, Buffer.from(sha256Sums([...files, { path: BUNDLE_FILES.manifest, sha256: manifestDigest.sha256 }])), false);
    const stamped = request.timestamper ? await request.timestamper(manifestBytes) : null;
    const seal = makeSeal(manifestDigest.sha256, key, exportedAt, stamped?.info ?? null);
    await writer.addBuffer(BUNDLE_FILES.seal, Buffer.from(`${JSON.stringify(seal, null, 2)}\n`), false);
    if (stamped) await writer.addBuffer(BUNDLE_FILES.timestamp, stamped.token, true);
    const zip = await writer.finish();
    await placeBundle(tmpPath, outPath);
    const entry = core.db.transaction(() => core.ledger.append({
      caseId: c.id,
      operator: request.operator,
      action: 'export',
      details: {
        bundle: basename(outPath),
        bundleSha256: zip.sha256,
        bundleSize: zip.size,
        files: files.length + (stamped ? 4 : 3),
        manifestSha256: manifestDigest.sha256,
        keyFingerprint: key.fingerprint,
        exportedAt,
        selection: manifest.selection,
        itemIds: items.map((item) => item.id),
        timestamp: stamped ? { tsaUrl: stamped.info.tsaUrl, genTime: stamped.info.genTime } : null,
      },
    })).immediate();
    return { path: outPath, sha256: zip.sha256, size: zip.size, files: files.length + (stamped ? 4 : 3), itemIds: items.map((item) => item.id),
      manifestSha256: manifestDigest.sha256, fingerprint: key.fingerprint, exportedAt, timestamp: stamped?.info ?? null, custodySeq: entry.seq };
  } catch (error) {
    await writer.abort();
    await rm(tmpPath, { force: true });
    if (error instanceof GoldenHourError) throw error;
    throw new GoldenHourError('internal', `Export of case ${c.id} failed and nothing was written to ${outPath}: ${errorMessage(error)}`);
  }
}

/** Links the finished file into place: never replaces a file that appeared meanwhile. */
async function placeBundle(tmpPath: string, outPath: string): Promise<void> {
  try {
    await link(tmpPath, outPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new GoldenHourError('conflict', `--out ${outPath} appeared while exporting: the bundle was not placed`);
    throw error;
  }
  await unlink(tmpPath);
}
