import { z } from 'zod';
import { artifactSchema, itemCommentSchema } from '../../domain/item.js';
import { itemViewSchema, type ItemView } from '../../items/item-view.js';
import { buildTimeline, type TimelineRow } from '../../timeline/timeline.js';
import { GoldenHourError, errorMessage } from '../../util/errors.js';
import { BUNDLE_FILES, ITEMS_DIR } from '../format/layout.js';
import { bundleFileRoleSchema, manifestSchema } from '../format/manifest.js';
import { verifyBundle, type BundleContents, type BundleVerification, type FileFault } from './verifier.js';
import { SafeZipReader } from '../../zip/safe-zip-reader.js';
import type { CustodyEntry } from '../../custody/chain.js';
import type { Manifest } from '../format/manifest.js';
import { sha256Hex } from '../../util/canonical-json.js';

/** An item as read from a bundle: the exported view (its triage included), its comments, and where its files are in the bundle. */
export const bundleItemSchema = itemViewSchema.extend({
  /** The item's comments, oldest first (bundles made before comments existed have none). */
  comments: z.array(itemCommentSchema).default([]),
  bundleFiles: z.array(artifactSchema.extend({ path: z.string() })),
});
export type BundleItem = z.infer<typeof bundleItemSchema>;

/** What is wrong with one of an item's files, said in words (the verification names the same file). */
export const itemFileFaultSchema = z.strictObject({
  path: z.string(),
  role: bundleFileRoleSchema,
  fault: z.enum(['changed', 'missing', 'unreadable']),
  says: z.string(),
});
export type ItemFileFault = z.infer<typeof itemFileFaultSchema>;

/** An item of an opened bundle with what is wrong with its files (empty when every file matches its seal). */
export const reviewItemSchema = bundleItemSchema.extend({ faults: z.array(itemFileFaultSchema) });
export type ReviewItem = z.infer<typeof reviewItemSchema>;

/** An item the sealed manifest lists whose record cannot be shown: what the manifest says of it, and why. */
export const unreadableItemSchema = z.strictObject({
  id: z.number(),
  kind: z.string(),
  sha256: z.string(),
  withdrawn: z.boolean(),
  faults: z.array(itemFileFaultSchema),
});
export type UnreadableItem = z.infer<typeof unreadableItemSchema>;

/** A bundle opened for read-only review: the verdict first, then what it holds. */
export interface OpenedBundle {
  verification: BundleVerification;
  manifest: Pick<Manifest, 'exportedAt' | 'exporter' | 'selection' | 'tool' | 'custody' | 'files'>;
  case: Manifest['case'];
  items: ReviewItem[];
  /** Items listed in the manifest whose record is missing, changed past reading, or not an item. */
  unreadableItems: UnreadableItem[];
  custody: CustodyEntry[];
  timeline: TimelineRow[];
  geojson: unknown;
}

/** The words for each fault, as review shows them beside the file. */
export const FAULT_WORDS: Record<FileFault, string> = {
  changed: "this file's bytes do not match the hash sealed in the bundle",
  missing: 'missing from the bundle',
  unreadable: 'this file cannot be read from the zip (damaged, or refused as unsafe), so it cannot be checked against its seal',
};

/**
 * Opens a bundle for review without extracting it or touching any case: verifies it, then
 * returns what it holds, each item with what is wrong with its files. Everything shown is what
 * the recipient received, nothing is re-derived. A file that holds nothing to review (not a
 * zip, cut short, not a Golden Hour bundle) is an error that says which.
 */
export async function openBundle(path: string): Promise<OpenedBundle> {
  const { report, contents } = await verifyBundle(path, { collect: true });
  if (!contents) throw new GoldenHourError('invalid-input', whyNothingToReview(report));
  return describeContents(report, contents);
}

function whyNothingToReview(report: BundleVerification): string {
  const zip = report.problems.find((p) => p.path === '(zip)');
  const manifest = report.problems.find((p) => p.path === BUNDLE_FILES.manifest);
  if (manifest && !zip) {
    return manifest.problem.startsWith('missing')
      ? 'This file cannot be reviewed: it is a zip, but not a Golden Hour bundle (it has no manifest.json, which every bundle Export writes has).'
      : 'This file cannot be reviewed: it is a zip, but its manifest.json is not one Golden Hour writes (not a Golden Hour bundle, or its manifest has been damaged), so nothing in it can be checked.';
  }
  return `This file cannot be reviewed: ${zip?.problem ?? report.problems[0]?.problem ?? 'it holds nothing that can be checked'}.`;
}

function describeContents(report: BundleVerification, contents: BundleContents): OpenedBundle {
  const faultsOf = faultsByItem(contents);
  const shown = new Set<number>();
  const items = contents.items.flatMap((raw) => {
    const parsed = bundleItemSchema.safeParse(raw);
    if (!parsed.success || !contents.manifest.items.some((listed) => listed.id === parsed.data.id)) return [];
    shown.add(parsed.data.id);
    return [{ ...parsed.data, faults: faultsOf.get(parsed.data.id) ?? [] }];
  });
  const unreadableItems = contents.manifest.items.filter((listed) => !shown.has(listed.id)).map((listed) => {
    const faults = faultsOf.get(listed.id) ?? [];
    const record = `${ITEMS_DIR}${listed.id}.json`;
    // A record that is there, matches its seal and still is not an item: say so rather than leave the item out.
    if (!faults.some((f) => f.path === record)) faults.push({ path: record, role: 'item', fault: 'unreadable', says: 'this record cannot be read as a Golden Hour item' });
    return { id: listed.id, kind: listed.kind, sha256: listed.sha256, withdrawn: listed.withdrawn, faults };
  });
  const { exportedAt, exporter, selection, tool, custody, files } = contents.manifest;
  return {
    verification: report,
    manifest: { exportedAt, exporter, selection, tool, custody, files },
    case: contents.manifest.case,
    items,
    unreadableItems,
    custody: contents.custody,
    timeline: buildTimeline(items as ItemView[]),
    geojson: contents.geojson,
  };
}

/** The sealed manifest says which items each file belongs to: each fault marks those items. */
function faultsByItem(contents: BundleContents): Map<number, ItemFileFault[]> {
  const out = new Map<number, ItemFileFault[]>();
  for (const file of contents.manifest.files) {
    const fault = contents.faults.get(file.path);
    if (!fault) continue;
    for (const itemId of file.itemIds ?? []) {
      const list = out.get(itemId) ?? [];
      if (!list.some((f) => f.path === file.path)) list.push({ path: file.path, role: file.role, fault, says: FAULT_WORDS[fault] });
      out.set(itemId, list);
    }
  }
  return out;
}

/** Default cap for one file read out of a bundle (thumbnails, screenshots). */
export const DEFAULT_FILE_LIMIT = 64 * 1024 * 1024;

/**
 * Reads one file of a bundle by its SHA-256 (as the manifest lists it), checking the bytes
 * against that hash before returning them: what the UI shows is what was sealed.
 */
export async function readBundleFile(path: string, sha256: string, limit = DEFAULT_FILE_LIMIT): Promise<{ path: string; sha256: string; size: number; mediaType: string; bytes: Buffer }> {
  let zip: SafeZipReader;
  try {
    zip = await SafeZipReader.open(path);
  } catch (error) {
    throw new GoldenHourError('invalid-input', `Expected a readable bundle at ${path}: ${errorMessage(error)}`);
  }
  try {
    const entryByName = new Map(zip.entries.map((entry) => [entry.name, entry]));
    const manifestEntry = entryByName.get(BUNDLE_FILES.manifest);
    if (!manifestEntry) throw new GoldenHourError('invalid-input', `${path} has no manifest.json: not a bundle`);
    const manifest = manifestSchema.parse(JSON.parse((await zip.readEntry(manifestEntry, 256 * 1024 * 1024)).toString('utf8')));
    const file = manifest.files.find((f) => f.sha256 === sha256);
    if (!file) throw new GoldenHourError('not-found', `The bundle lists no file with sha256 ${sha256}`);
    if (file.size > limit) throw new GoldenHourError('invalid-input', `${file.path} is ${file.size} bytes, more than the ${limit} bytes that can be read at once`);
    const entry = entryByName.get(file.path);
    if (!entry || entry.refusal) throw new GoldenHourError('verification-failed', `${file.path} is missing from the bundle or unsafe to read`);
    const bytes = await zip.readEntry(entry, file.size);
    const actual = sha256Hex(bytes);
    if (actual !== sha256) throw new GoldenHourError('verification-failed', `${file.path} in the bundle does not match its sha256 (it has ${actual})`);
    return { path: file.path, sha256, size: bytes.length, mediaType: file.mediaType, bytes };
  } catch (error) {
    if (error instanceof GoldenHourError) throw error;
    throw new GoldenHourError('invalid-input', `Could not read ${sha256} from ${path}: ${errorMessage(error)}`);
  } finally {
    zip.close();
  }
}
