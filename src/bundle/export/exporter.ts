import { bundleDiskFullError, isDiskFull } from '../../util/disk-full.js';
import { randomBytes } from 'node:crypto';
import { link, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { isoUtc } from '../../util/clock.js';
import { GoldenHourError, errorMessage } from '../../util/errors.js';
import { processIsAlive } from '../../util/process.js';
import { tool } from '../../version.js';
import { BlobSource } from './blob-source.js';
import { planExport, type ExportDeps, type ExportPlan } from './export-plan.js';
import type { PlannedBlob } from './bundle-plan.js';
import { samplesOfBuffer, samplesOfFile, storageBySamples, storageByType } from './entry-compression.js';
import { BUNDLE_FILES, documentMediaType, ITEMS_DIR } from '../format/layout.js';
import { MANIFEST_FORMAT, MANIFEST_FORMAT_VERSION, sha256Sums, type Manifest, type ManifestFile } from '../format/manifest.js';
import { makeSeal, type SealTimestamp } from '../format/seal.js';
import type { BundleSelection } from './selection.js';
import { DeterministicZipWriter, type WrittenDigest } from './zip-writer.js';

/** Asks a time-stamping authority for a token over the manifest's SHA-256 (see ../format/tsa-client.ts). */
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

interface WrittenBundle {
  zip: WrittenDigest;
  manifest: Manifest;
  manifestSha256: string;
  files: number;
  timestamp: SealTimestamp | null;
}

/**
 * Writes a sealed bundle of a case's selected items to `outPath`. The zip is written to a
 * temporary file beside it, hashed as it streams, fsynced and linked into place (an existing
 * file is never replaced); then the export is recorded in the case's custody ledger with the
 * bundle's SHA-256. A blob whose bytes no longer match its SHA-256 stops the export.
 */
export async function exportBundle(core: ExportDeps, request: ExportRequest): Promise<ExportResult> {
  const outPath = request.outPath;
  if (await stat(outPath).then(() => true, () => false)) {
    throw new GoldenHourError('conflict', `--out ${outPath} already exists: choose another file name (a bundle is never overwritten)`);
  }
  if (!(await stat(dirname(outPath)).then((s) => s.isDirectory(), () => false))) {
    throw new GoldenHourError('invalid-input', `Expected --out to be in an existing folder but ${dirname(outPath)} is not one`);
  }
  const watches = await core.watches.list(request.caseId);
  const watchRecords = await Promise.all(watches.map(async (watch) => ({ watch, runs: await core.watches.runs(watch.id) })));
  const plan = await planExport(core, request.caseId, request.selection, request.operator, watchRecords);
  const exportedAt = isoUtc(core.clock.now());
  await removeLeftovers(outPath);
  // Unique to this export: the desktop app may run two at once, even to the same name.
  const tmpPath = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.${randomBytes(6).toString('hex')}.part`);
  const writer = new DeterministicZipWriter(tmpPath);
  let written: WrittenBundle;
  try {
    written = await writeBundle(core, writer, plan, request, exportedAt);
    await placeBundle(tmpPath, outPath);
  } catch (error) {
    await writer.abort();
    await rm(tmpPath, { force: true });
    if (isDiskFull(error)) throw bundleDiskFullError(dirname(outPath));
    if (error instanceof GoldenHourError) throw error;
    throw new GoldenHourError('internal', `Export of case ${plan.case.id} failed and nothing was written to ${outPath}: ${errorMessage(error)}`);
  }
  let seq: number;
  try {
    seq = (await core.ledger.append({
      caseId: plan.case.id,
      operator: request.operator,
      action: 'export',
      details: {
        bundle: basename(outPath), bundleSha256: written.zip.sha256, bundleSize: written.zip.size, files: written.files,
        manifestSha256: written.manifestSha256, keyFingerprint: plan.key.fingerprint, exportedAt, selection: written.manifest.selection,
        itemIds: plan.items.map((item) => item.id),
        timestamp: written.timestamp ? { tsaUrl: written.timestamp.tsaUrl, genTime: written.timestamp.genTime } : null,
      },
    })).seq;
  } catch (error) {
    // A bundle the ledger does not record must not go out: take it back.
    await rm(outPath, { force: true });
    throw new GoldenHourError('internal', `The bundle for case ${plan.case.id} was written but could not be recorded in the custody ledger (${errorMessage(error)}), so it was removed; export again`);
  }
  return { path: outPath, sha256: written.zip.sha256, size: written.zip.size, files: written.files, itemIds: plan.items.map((item) => item.id),
    manifestSha256: written.manifestSha256, fingerprint: plan.key.fingerprint, exportedAt, timestamp: written.timestamp, custodySeq: seq };
}

/**
 * Removes the unfinished zips earlier exports to the same file left when they were killed
 * (`.NAME.PID.RANDOM.part`, their process gone). One whose process still runs is an export under way.
 */
async function removeLeftovers(outPath: string): Promise<void> {
  const prefix = `.${basename(outPath)}.`;
  const names = await readdir(dirname(outPath)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)(\.[0-9a-f]+)?\.part$/.exec(name.slice(prefix.length));
    const pid = Number(match?.[1]);
    if (!match || !Number.isSafeInteger(pid) || pid <= 0 || processIsAlive(pid)) continue;
    await rm(join(dirname(outPath), name), { force: true });
  }
}

/** Streams blobs and documents into the zip, then the manifest, SHA256SUMS and the seal. */
async function writeBundle(core: ExportDeps, writer: DeterministicZipWriter, plan: ExportPlan, request: ExportRequest, exportedAt: string): Promise<WrittenBundle> {
  const files: ManifestFile[] = [];
  const total = plan.blobs.length + plan.documents.length;
  let bytes = 0;
  const progress = (file: ManifestFile) => {
    files.push(file);
    bytes += file.size;
    request.onProgress?.({ done: files.length, total, bytes });
  };
  const source = new BlobSource(core.vault, plan.blobs);
  for (const [index, blob] of plan.blobs.entries()) {
    const written = await source.take(index).then(async (content) => {
      const store = await storeBlob(blob, content, core.vault.pathOf(blob.sha256));
      return Buffer.isBuffer(content) ? writer.addBuffer(blob.path, content, store) : writer.addStream(blob.path, content, store);
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new GoldenHourError('verification-failed', `The vault copy of ${blob.sha256} (item ${blob.itemIds.join(', ')}) is missing: run \`goldenhour custody ${plan.case.id} --verify\`; nothing was exported`);
    });
    if (written.sha256 !== blob.sha256 || written.size !== blob.size) {
      throw new GoldenHourError('verification-failed', `The vault copy of ${blob.sha256} (item ${blob.itemIds.join(', ')}) no longer matches its SHA-256 (read ${written.sha256}, ${written.size} bytes): run \`goldenhour custody ${plan.case.id} --verify\`; nothing was exported`);
    }
    progress({ path: blob.path, size: written.size, sha256: written.sha256, mediaType: blob.mediaType, role: blob.role, itemIds: blob.itemIds });
  }
  for (const { path, content } of plan.documents) {
    const produced = content();
    // report.html is stored: it is mostly base64 JPEG/PNG thumbnails, which deflate shrinks by a
    // quarter at best, at a cost of seconds on a large case.
    const store = path === BUNDLE_FILES.report;
    const written = Buffer.isBuffer(produced) ? await writer.addBuffer(path, produced, store) : await writer.addStream(path, Readable.from(produced), store);
    const itemId = path.startsWith(ITEMS_DIR) ? Number(path.slice(ITEMS_DIR.length, -'.json'.length)) : null;
    progress({ path, size: written.size, sha256: written.sha256, mediaType: documentMediaType(path), ...(itemId !== null ? { role: 'item', itemIds: [itemId] } : { role: 'document' }) });
  }
  const head = plan.ledger[plan.ledger.length - 1];
  const selection = request.selection;
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    tool: { name: tool.name, version: tool.version },
    exportedAt,
    exporter: request.operator,
    case: plan.case,
    selection: { from: selection.from ?? null, to: selection.to ?? null, itemIds: selection.itemIds ?? null, withdrawn: 'included, marked withdrawn' },
    items: plan.items.map((item) => ({ id: item.id, uuid: item.uuid, kind: item.kind, sha256: item.sha256, withdrawn: item.withdrawn !== null })),
    custody: { entries: plan.ledger.length, headSeq: head?.seq ?? 0, headHash: head?.hash ?? '' },
    files,
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const manifestDigest = await writer.addBuffer(BUNDLE_FILES.manifest, manifestBytes, false);
  await writer.addBuffer(BUNDLE_FILES.sums, Buffer.from(sha256Sums([...files, { path: BUNDLE_FILES.manifest, sha256: manifestDigest.sha256 }])), false);
  const stamped = request.timestamper ? await request.timestamper(manifestBytes) : null;
  const seal = makeSeal(manifestDigest.sha256, plan.key, exportedAt, stamped?.info ?? null);
  await writer.addBuffer(BUNDLE_FILES.seal, Buffer.from(`${JSON.stringify(seal, null, 2)}\n`), false);
  if (stamped) await writer.addBuffer(BUNDLE_FILES.timestamp, stamped.token, true);
  const zip = await writer.finish();
  return { zip, manifest, manifestSha256: manifestDigest.sha256, files: files.length + (stamped ? 4 : 3), timestamp: stamped?.info ?? null };
}

/** Whether a blob is stored rather than deflated: by its type, else by samples of its bytes (entry-compression.ts). */
async function storeBlob(blob: PlannedBlob, content: Buffer | NodeJS.ReadableStream, path: string): Promise<boolean> {
  const byType = storageByType(blob.mediaType);
  if (byType) return byType === 'store';
  const samples = Buffer.isBuffer(content) ? samplesOfBuffer(content) : await samplesOfFile(path, blob.size);
  return storageBySamples(samples) === 'store';
}

/** Links the finished file into place: never replaces a file that appeared meanwhile. */
async function placeBundle(tmpPath: string, outPath: string): Promise<void> {
  try {
    await link(tmpPath, outPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new GoldenHourError('conflict', `--out ${outPath} appeared while exporting: the bundle was not placed`);
    // FAT and exFAT sticks (the usual way a bundle leaves the building) have no hard links.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw error;
    if (await stat(outPath).then(() => true, () => false)) throw new GoldenHourError('conflict', `--out ${outPath} appeared while exporting: the bundle was not placed`);
    await rename(tmpPath, outPath);
    return;
  }
  await unlink(tmpPath);
}
