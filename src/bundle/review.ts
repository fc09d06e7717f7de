import { z } from 'zod';
import { artifactSchema } from '../domain/item.js';
import { itemViewSchema, type ItemView } from '../items/item-view.js';
import { buildTimeline, type TimelineRow } from '../timeline/timeline.js';
import { GoldenHourError, errorMessage } from '../util/errors.js';
import { BUNDLE_FILES } from './layout.js';
import { manifestSchema } from './manifest.js';
import { verifyBundle, type BundleContents, type BundleVerification } from './verifier.js';
import { SafeZipReader } from '../zip/safe-zip-reader.js';
import type { CustodyEntry } from '../custody/chain.js';
import type { Manifest } from './manifest.js';
import { sha256Hex } from '../util/canonical-json.js';

/** An item as read from a bundle: the exported view plus where its files are in the bundle. */
export const bundleItemSchema = itemViewSchema.extend({
  bundleFiles: z.array(artifactSchema.extend({ path: z.string() })),
});
export type BundleItem = z.infer<typeof bundleItemSchema>;

/** A bundle opened for read-only review: the verdict first, then what it holds. */
export interface OpenedBundle {
  verification: BundleVerification;
  manifest: Pick<Manifest, 'exportedAt' | 'exporter' | 'selection' | 'tool' | 'custody' | 'files'> | null;
  case: Manifest['case'] | null;
  items: BundleItem[];
  custody: CustodyEntry[];
  timeline: TimelineRow[];
  geojson: unknown;
}

/**
 * Opens a bundle for review without extracting it or touching any case: verifies it, then
 * returns what it holds. Items that fail their schema are left out (verification has already
 * named the file); everything shown is what the recipient received, nothing is re-derived.
 */
export async function openBundle(path: string): Promise<OpenedBundle> {
  const { report, contents } = await verifyBundle(path, { collect: true });
  return describeContents(report, contents);
}

function describeContents(report: BundleVerification, contents: BundleContents | null): OpenedBundle {
  if (!contents) return { verification: report, manifest: null, case: null, items: [], custody: [], timeline: [], geojson: null };
  const items = contents.items.flatMap((raw) => {
    const parsed = bundleItemSchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
  const { exportedAt, exporter, selection, tool, custody, files } = contents.manifest;
  return {
    verification: report,
    manifest: { exportedAt, exporter, selection, tool, custody, files },
    case: contents.manifest.case,
    items,
    custody: contents.custody,
    timeline: buildTimeline(items as ItemView[]),
    geojson: contents.geojson,
  };
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
